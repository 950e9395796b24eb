-- The sync run that archived each message. A page's attempt can commit some batches and then fail;
-- its retry finds those messages already archived, and this tells "archived earlier in this run"
-- (counted as archived) from "archived by an earlier run" (a duplicate). No foreign key: a message
-- outlives the history of runs. NULL for messages archived before this column.
ALTER TABLE gmail_messages ADD COLUMN sync_run_id uuid;
