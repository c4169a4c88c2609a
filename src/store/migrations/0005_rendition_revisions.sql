-- Editing and deleting published posts: every text a published rendition had on its network, and
-- every edit asked for. The record of what was published stays: a deleted rendition keeps its row
-- (status 'deleted'), an edited one keeps each earlier text here.
--   status: pending (the edit is on its way) → live (on the network now) → replaced (a later edit
--           took its place); pending → failed (the network refused the edit: explanation).
--   requested_by / requested_by_name: who asked for this text (for the first text, who scheduled
--           the post); requested_at: when; live_at: when the network took it.
CREATE TABLE rendition_revisions (
    id {{ID}},
    rendition_id BIGINT NOT NULL REFERENCES renditions(id),
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by BIGINT REFERENCES users(id),
    requested_by_name TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    live_at BIGINT,
    replaced_at BIGINT,
    network_message TEXT,
    explanation TEXT
);
CREATE INDEX rendition_revisions_rendition ON rendition_revisions(rendition_id, id);
