"use client";

import { useFrontendHealth } from "@/hooks/useApi";

// Components talk to route handlers over HTTP only, never by importing them:
// import { GET } from "@/app/api/health/route";
export default function StatusBar() {
  const { data, error, loading } = useFrontendHealth();
  if (loading && !data) return <footer className="status">Checking…</footer>;
  if (error) return <footer className="status degraded">Status unavailable: {error.message}</footer>;
  return (
    <footer className={data?.backend === "ok" ? "status ok" : "status degraded"}>
      Frontend {data?.status} · backend {data?.backend}
    </footer>
  );
}
