import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

// a CommonJS package: its namespace comes through the default export under tsx
const { temporal } = proto;

type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export function eventMs(e: HistoryEvent): number {
  const t = e.eventTime;
  if (!t) return 0;
  const s = t.seconds as unknown;
  const seconds =
    typeof s === 'object' && s !== null ? (s as { toNumber(): number }).toNumber() : Number(s ?? 0);
  return seconds * 1000 + (t.nanos ?? 0) / 1e6;
}

export function typeName(e: HistoryEvent): string {
  return (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');
}

/** Every execution (run) of a workflow id, e.g. across continue-as-new, oldest first, with its events. */
export async function allExecutions(client: Client, workflowId: string): Promise<HistoryEvent[][]> {
  const runIds: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
    runIds.push(wf.runId);
  // visibility is eventually consistent: the latest run is always reachable through the handle
  if (runIds.length === 0) runIds.push('');
  const histories: HistoryEvent[][] = [];
  for (const runId of runIds.reverse()) {
    const handle = client.workflow.getHandle(workflowId, runId || undefined);
    histories.push(((await handle.fetchHistory()).events ?? []) as HistoryEvent[]);
  }
  return histories;
}

export function countByType(events: readonly HistoryEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[typeName(e)] = (counts[typeName(e)] ?? 0) + 1;
  return counts;
}

export interface TimeBreakdown {
  /** per activity type: queue wait (scheduled → started) and run time (started → completed), ms */
  activities: Record<string, { count: number; queueMs: number; runMs: number }>;
  /** workflow tasks: queue wait and processing time (the local activities run inside them), ms */
  workflowTasks: { count: number; queueMs: number; runMs: number };
  localActivityMarkers: number;
  wallMs: number;
}

/** Where a workflow execution's wall time went, from its history's timestamps. */
export function timeBreakdown(events: readonly HistoryEvent[]): TimeBreakdown {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) byId.set(Number(e.eventId), e);
  const activities: TimeBreakdown['activities'] = {};
  const workflowTasks = { count: 0, queueMs: 0, runMs: 0 };
  let localActivityMarkers = 0;
  for (const e of events) {
    const type = typeName(e);
    if (type === 'ACTIVITY_TASK_COMPLETED' || type === 'ACTIVITY_TASK_FAILED') {
      const attrs = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
      const started = byId.get(Number(attrs?.startedEventId));
      const scheduled = byId.get(Number(attrs?.scheduledEventId));
      const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      const a = activities[name] ?? { count: 0, queueMs: 0, runMs: 0 };
      activities[name] = a;
      a.count += 1;
      if (started && scheduled) {
        a.queueMs += eventMs(started) - eventMs(scheduled);
        a.runMs += eventMs(e) - eventMs(started);
      }
    } else if (type === 'WORKFLOW_TASK_COMPLETED') {
      const attrs = e.workflowTaskCompletedEventAttributes;
      const started = byId.get(Number(attrs?.startedEventId));
      const scheduled = byId.get(Number(attrs?.scheduledEventId));
      workflowTasks.count += 1;
      if (started && scheduled) {
        workflowTasks.queueMs += eventMs(started) - eventMs(scheduled);
        workflowTasks.runMs += eventMs(e) - eventMs(started);
      }
    } else if (type === 'MARKER_RECORDED') {
      localActivityMarkers += 1;
    }
  }
  const wallMs = events.length ? eventMs(events.at(-1)!) - eventMs(events[0]!) : 0;
  return { activities, workflowTasks, localActivityMarkers, wallMs };
}

/** The time the first activity of the execution started (ActivityTaskStarted), or null. */
export function firstActivityStartMs(events: readonly HistoryEvent[]): number | null {
  const started = events.filter((e) => typeName(e) === 'ACTIVITY_TASK_STARTED').map(eventMs);
  return started.length ? Math.min(...started) : null;
}
