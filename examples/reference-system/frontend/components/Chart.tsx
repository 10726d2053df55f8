"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { TimeseriesPoint } from "@/types/event";

export default function Chart({ points, label }: { points: TimeseriesPoint[]; label: string }) {
  if (points.length === 0) {
    return <p className="empty">No data for {label} yet.</p>;
  }
  return (
    <figure className="chart">
      <figcaption>{label}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Line type="monotone" dataKey="count" stroke="#4f46e5" strokeWidth={2} dot={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
