import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

const BACKEND_URL = process.env.BACKEND_URL ?? "http://localhost:8000";

export async function GET() {
  let backend = "down";
  try {
    const response = await fetch(`${BACKEND_URL}/health`, {
      cache: "no-store",
      signal: AbortSignal.timeout(2000),
    });
    backend = response.ok ? "ok" : `http ${response.status}`;
  } catch {
    backend = "unreachable";
  }
  return NextResponse.json({ status: "ok", backend }, { status: 200 });
}
