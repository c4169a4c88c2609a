-- Editorial workflow (issue 4): the versions of a post, who approved which version, the review
-- conversation, and each organisation's own policy settings (unset rules inherit from the parent).

-- When each language variant was first written (a variant is stale when another language that
-- existed before its last change changed after it).
ALTER TABLE post_variants ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
-- Free tags of a post (space-separated words): some make it sensitive.
ALTER TABLE posts ADD COLUMN tags TEXT NOT NULL DEFAULT '';
-- The on-the-record attestation: who gave it, for which version.
ALTER TABLE posts ADD COLUMN attested_by BIGINT REFERENCES users(id);
ALTER TABLE posts ADD COLUMN attested_version BIGINT;

-- A snapshot of what each version said (JSON: content type, tags, link, variants, images with
-- their alt texts, channels), for the history and the readable diff.
CREATE TABLE post_versions (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    version BIGINT NOT NULL,
    snapshot TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, version)
);

-- Every approval ever given, of any version: only the current version's count.
CREATE TABLE post_approvals (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    version BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    as_spokesperson BIGINT NOT NULL,
    approved_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, version, user_id)
);

-- The review conversation: comments and every decision (submitted, approved, changes_requested,
-- rejected, withdrawn, back_to_review), each with the version it concerned.
CREATE TABLE post_comments (
    id {{ID}},
    post_id BIGINT NOT NULL REFERENCES posts(id),
    version BIGINT NOT NULL,
    author_id BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX post_comments_post ON post_comments(post_id, id);

-- One organisation's own policy settings as JSON; a rule absent from it is inherited.
CREATE TABLE policy_settings (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    settings TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
