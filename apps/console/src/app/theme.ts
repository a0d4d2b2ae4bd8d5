import { createTheme } from "@mantine/core";

/** The console's one design system: Mantine with a few product choices. */
export const theme = createTheme({
  primaryColor: "indigo",
  // Shades and text colours chosen so every text meets WCAG AA contrast (checked by axe in the e2e specs).
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  headings: { fontWeight: "650" },
  components: {
    Button: { defaultProps: { size: "sm" } },
    TextInput: { defaultProps: { size: "sm" } },
    // Icon-only close buttons need a name for screen readers.
    Notification: { defaultProps: { closeButtonProps: { "aria-label": "Dismiss notification" } } },
  },
});
