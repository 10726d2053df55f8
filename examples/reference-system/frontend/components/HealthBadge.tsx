import { GET as getHealth } from "@/app/api/health/route";

/**
 * Server component shown in the header: calls the health handler directly
 * instead of going through HTTP.
 */
export default async function HealthBadge() {
  const response = await getHealth();
  const body = (await response.json()) as { status: string; backend: string };
  const healthy = body.status === "ok" && body.backend === "ok";
  return (
    <span className={healthy ? "badge ok" : "badge degraded"} title={`backend: ${body.backend}`}>
      {healthy ? "All systems normal" : "Degraded"}
    </span>
  );
}
