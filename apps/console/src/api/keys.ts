/**
 * Query keys of every resource, so a mutation invalidates what it changed in one line:
 * `queryClient.invalidateQueries({ queryKey: keys.groups.all })`.
 */
export const keys = {
  me: ["me"] as const,
  stats: {
    all: ["stats"] as const,
    live: () => ["stats", "live"] as const,
    history: (minutes: number) => ["stats", "history", minutes] as const,
    nodes: () => ["stats", "nodes"] as const,
  },
  users: {
    all: ["users"] as const,
    list: (filters: object) => ["users", "list", filters] as const,
    detail: (uid: string) => ["users", "detail", uid] as const,
    sessions: (uid: string) => ["users", "sessions", uid] as const,
  },
  online: {
    all: ["online"] as const,
    list: (filters: object) => ["online", "list", filters] as const,
  },
  groups: {
    all: ["groups"] as const,
    list: (filters: object) => ["groups", "list", filters] as const,
    detail: (id: string) => ["groups", "detail", id] as const,
  },
  messages: {
    all: ["messages"] as const,
    list: (filters: object) => ["messages", "list", filters] as const,
    transcript: (filters: object) => ["messages", "transcript", filters] as const,
    trace: (filters: object) => ["messages", "trace", filters] as const,
  },
  businessLines: {
    all: ["business-lines"] as const,
    list: () => ["business-lines", "list"] as const,
    detail: (id: string) => ["business-lines", "detail", id] as const,
    attempts: (id: string) => ["business-lines", "attempts", id] as const,
    deadLetters: (id: string) => ["business-lines", "dead-letters", id] as const,
  },
  operators: {
    all: ["operators"] as const,
    list: () => ["operators", "list"] as const,
  },
  audit: {
    all: ["audit"] as const,
    list: (filters: object) => ["audit", "list", filters] as const,
  },
};
