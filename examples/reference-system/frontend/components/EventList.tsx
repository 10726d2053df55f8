"use client";

import { createContext, useEffect, useMemo, useState } from "react";

import { useDashboardStore } from "@/lib/store";
import type { PulseEvent } from "@/types/event";

import EventRow from "./EventRow";

export interface EventListContextValue {
  expandedId: string | null;
  toggle: (id: string) => void;
  highlight: string | null;
}

export const EventListContext = createContext<EventListContextValue>({
  expandedId: null,
  toggle: () => undefined,
  highlight: null,
});

export const EVENT_LIST_PAGE_SIZE = 25;

export default function EventList({ events }: { events: PulseEvent[] }) {
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const highlight = useDashboardStore((s) => s.selectedEventName);

  useEffect(() => setPage(0), [events.length]);

  const context = useMemo<EventListContextValue>(
    () => ({
      expandedId,
      toggle: (id) => setExpandedId((current) => (current === id ? null : id)),
      highlight,
    }),
    [expandedId, highlight],
  );

  const visible = events.slice(page * EVENT_LIST_PAGE_SIZE, (page + 1) * EVENT_LIST_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(events.length / EVENT_LIST_PAGE_SIZE));

  return (
    <EventListContext.Provider value={context}>
      <table className="events">
        <thead>
          <tr>
            <th>Event</th>
            <th>Source</th>
            <th>User</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((event) => (
            <EventRow key={event.id} event={event} />
          ))}
        </tbody>
      </table>
      <nav className="pager">
        <button disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
          Previous
        </button>
        <span>
          {page + 1} / {pages}
        </span>
        <button disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
          Next
        </button>
      </nav>
    </EventListContext.Provider>
  );
}
