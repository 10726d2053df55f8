"use client";

import { useContext } from "react";

import { EventListContext } from "@/components/EventList";
import type { PulseEvent } from "@/types/event";

function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" }).format(new Date(iso));
}

export default function EventRow({ event }: { event: PulseEvent }) {
  const { expandedId, toggle, highlight } = useContext(EventListContext);
  const expanded = expandedId === event.id;

  return (
    <>
      <tr className={event.name === highlight ? "row highlighted" : "row"} onClick={() => toggle(event.id)}>
        <td>{event.name}</td>
        <td>{event.source}</td>
        <td>{event.user_id ?? "anonymous"}</td>
        <td>{formatWhen(event.created_at)}</td>
      </tr>
      {expanded && (
        <tr className="details">
          <td colSpan={4}>
            <pre>{JSON.stringify(event.properties, null, 2)}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
