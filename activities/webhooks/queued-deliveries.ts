import type { QueuedDeliveries } from '../../contracts/workflows.js';
import type { ActivityDeps } from '../deps.js';

export interface QueuedDeliveriesInput {
  endpointId: string;
  limit: number;
}

/** The endpoint's next pending deliveries, oldest first (the order they are sent in): ids only. */
export function queuedWebhookDeliveries(deps: Pick<ActivityDeps, 'sql'>) {
  return async (input: QueuedDeliveriesInput): Promise<QueuedDeliveries> => {
    const [endpoint] = await deps.sql<{ disabled: boolean }[]>`
      SELECT disabled_at IS NOT NULL AS disabled FROM webhook_endpoints WHERE id = ${input.endpointId}`;
    if (!endpoint) return { endpoint: 'gone', deliveryIds: [] };
    if (endpoint.disabled) return { endpoint: 'disabled', deliveryIds: [] };
    const rows = await deps.sql<{ id: string }[]>`
      SELECT id FROM webhook_deliveries
      WHERE endpoint_id = ${input.endpointId} AND status = 'pending'
      ORDER BY seq LIMIT ${input.limit}`;
    return { endpoint: 'enabled', deliveryIds: rows.map((r) => r.id) };
  };
}
