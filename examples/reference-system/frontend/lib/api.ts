import type { EventStats, PulseEvent, TimeseriesPoint } from "@/types/event";
import type { Workflow, WorkflowExecution } from "@/types/workflow";

export const API_URL = process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000";

/** Plausible analytics site id (public, sent with every page view). */
export const ANALYTICS_SITE_ID = "d46163b7-34af-491b-b5c1-b254eede55c5";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let accessToken: string | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/json");
  if (init.body && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  if (accessToken) headers.set("Authorization", `Bearer ${accessToken}`);

  const response = await fetch(`${API_URL}${path}`, { ...init, headers });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body.detail ?? response.statusText);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export async function login(email: string, password: string): Promise<string> {
  const form = new URLSearchParams({ username: email, password });
  const { access_token } = await apiFetch<{ access_token: string }>("/api/auth/login", {
    method: "POST",
    body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  setAccessToken(access_token);
  return access_token;
}

export const api = {
  events: (limit = 50) => apiFetch<PulseEvent[]>(`/api/events?limit=${limit}`),
  eventStats: (hours = 24) => apiFetch<EventStats>(`/api/events/stats?hours=${hours}`),
  timeseries: (name: string, days = 14) =>
    apiFetch<TimeseriesPoint[]>(`/api/dashboard/timeseries?name=${encodeURIComponent(name)}&days=${days}`),
  workflows: () => apiFetch<Workflow[]>("/api/workflows"),
  executeWorkflow: (id: number) =>
    apiFetch<WorkflowExecution>(`/api/workflows/${id}/execute`, { method: "POST" }),
};
