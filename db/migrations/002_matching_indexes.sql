-- Matching (activities/match/load-candidates.ts) compares codes case-insensitively,
-- upper(confirmation_code) = upper(trim(<fact's code>)): the raw-column index cannot serve that.
CREATE INDEX bookings_workspace_upper_code_idx
  ON bookings (workspace_id, upper(confirmation_code))
  WHERE confirmation_code IS NOT NULL;

-- The longest stay of a workspace bounds a date-window search by check-in (a booking overlapping
-- [from, to] has check_in >= from - longest stay), so the (workspace_id, check_in, check_out) index
-- serves it; this one answers max(check_out - check_in) without reading every booking.
CREATE INDEX bookings_workspace_stay_length_idx
  ON bookings (workspace_id, (check_out - check_in));
