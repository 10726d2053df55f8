"use client";

import { useEffect } from "react";

import Chart from "@/components/Chart";
import EventList from "@/components/EventList";
import WorkflowCard from "@/components/WorkflowCard";
import { useApi } from "@/hooks/useApi";
import { api } from "@/lib/api";
import { useDashboardStore } from "@/lib/store";

export default function DashboardPage() {
  const { events, workflows, selectedEventName, loadEvents, loadWorkflows, error } = useDashboardStore();
  const stats = useApi(() => api.eventStats(24), 60_000);
  const series = useApi(() => api.timeseries(selectedEventName ?? "page_view", 14));

  useEffect(() => {
    void loadEvents();
    void loadWorkflows();
  }, [loadEvents, loadWorkflows]);

  return (
    <div className="dashboard">
      <h1>Dashboard</h1>
      {error && <p className="error">{error}</p>}
      <section>
        <h2>Last 24 hours</h2>
        <p>{stats.data ? `${stats.data.total} events` : "…"}</p>
        <Chart points={series.data ?? []} label={selectedEventName ?? "page_view"} />
      </section>
      <section>
        <h2>Recent events</h2>
        <EventList events={events} />
      </section>
      <section>
        <h2>Workflows</h2>
        <div className="cards">
          {workflows.map((workflow) => (
            <WorkflowCard key={workflow.id} workflow={workflow} />
          ))}
        </div>
      </section>
    </div>
  );
}
