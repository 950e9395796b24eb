-- Issue 13. A connection workflow the reconciler recreates catches up at once, as its own trigger.
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_trigger_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_trigger_check
  CHECK (trigger IN ('schedule', 'manual', 'resume', 'initial', 'reprocess', 'label_change', 'reconcile'));
