/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "mysql2", "pino", "undici", "@sesamecare-oss/redlock"],
  poweredByHeader: false,
};

export default nextConfig;
