"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/**
 * Filters and paging live in the URL (`?q=&cursor=`), so a link shows what
 * its sender saw. Setting a filter resets the cursor unless it is set too.
 */
export function useUrlState<K extends string>(names: readonly K[]) {
  const params = useSearchParams();
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: names is a constant list per page
  const values = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const n of names) out[n] = params.get(n) ?? "";
    return out;
  }, [params]);
  const set = useCallback(
    (patch: Partial<Record<K, string>>) => {
      // From the address bar, not this render's params, and written back at once (Next keeps
      // useSearchParams in step with history.replaceState): two filters changed in quick
      // succession (debounced inputs) must not overwrite each other.
      const next = new URLSearchParams(window.location.search);
      if (!("cursor" in patch)) next.delete("cursor");
      for (const [k, v] of Object.entries(patch) as [string, string | undefined][]) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const qs = next.toString();
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );
  return [values, set] as const;
}
