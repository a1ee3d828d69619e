-- Reason codes (contract §4): a transition's reason as a stable code and its arguments (a JSON object as text),
-- beside the English text, so the screen can word it in the agent's language. Rows written before this version
-- keep both null and are shown with their English text.
ALTER TABLE transitions ADD COLUMN reason_code text NULL;
ALTER TABLE transitions ADD COLUMN reason_args text NULL;
