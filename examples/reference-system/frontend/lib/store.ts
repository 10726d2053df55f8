import { create } from "zustand";

import { api } from "@/lib/api";
import type { PulseEvent } from "@/types/event";
import type { Workflow } from "@/types/workflow";

interface DashboardState {
  events: PulseEvent[];
  workflows: Workflow[];
  selectedEventName: string | null;
  loading: boolean;
  error: string | null;
  loadEvents: () => Promise<void>;
  loadWorkflows: () => Promise<void>;
  selectEvent: (name: string | null) => void;
  prependEvent: (event: PulseEvent) => void;
}

export const useDashboardStore = create<DashboardState>((set, get) => ({
  events: [],
  workflows: [],
  selectedEventName: null,
  loading: false,
  error: null,
  loadEvents: async () => {
    set({ loading: true, error: null });
    try {
      set({ events: await api.events(100), loading: false });
    } catch (err) {
      set({ error: (err as Error).message, loading: false });
    }
  },
  loadWorkflows: async () => {
    try {
      set({ workflows: await api.workflows() });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  selectEvent: (name) => set({ selectedEventName: name }),
  prependEvent: (event) => set({ events: [event, ...get().events].slice(0, 200) }),
}));
