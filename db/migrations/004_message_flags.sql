-- What the archive knows about each message as codes (contracts/message-flags.ts): the API lists
-- flagged messages, and a flag such as budget_exceeded keeps a message from being parsed again.
ALTER TABLE gmail_messages ADD COLUMN flags text[] NOT NULL DEFAULT '{}';

-- messages archived before: their codes are the leading words of parse_error's findings
UPDATE gmail_messages SET flags = ARRAY(
  SELECT code FROM unnest(ARRAY[
    'too_large', 'empty_input', 'not_an_email', 'parse_failed', 'mime_parse_failed', 'nul_bytes',
    'truncated_multipart', 'nesting_too_deep', 'invalid_base64', 'invalid_quoted_printable', 'unknown_charset'
  ]) AS code
  WHERE parse_error ~ ('(^|, )' || code || '\M')
) WHERE parse_error IS NOT NULL;

CREATE INDEX gmail_messages_flagged_idx ON gmail_messages (connection_id, id) WHERE cardinality(flags) > 0;
