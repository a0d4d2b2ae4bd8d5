import type { NextConfig } from "next";

const config: NextConfig = {
  // The console is served by `npm start` on loopback; nothing here reaches the internet.
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    optimizePackageImports: ["@mantine/core", "@mantine/hooks", "@mantine/charts", "@tabler/icons-react"],
  },
};

export default config;
