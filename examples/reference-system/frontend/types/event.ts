export interface PulseEvent {
  id: string;
  name: string;
  source: string;
  properties: Record<string, unknown>;
  value: number | null;
  user_id: number | null;
  created_at: string;
}

export interface EventStats {
  window_hours: number;
  total: number;
  by_name: Record<string, number>;
}

export interface TimeseriesPoint {
  day: string;
  count: number;
}
