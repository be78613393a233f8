-- suggest mode: the agent's proposed reply waits on the conversation for a human.
ALTER TABLE conversations ADD COLUMN draft_reply text;
