-- Publishing: posts in several languages, the channels they go to, what is sent to each channel
-- (renditions), the durable job queue, and encrypted network credentials.

ALTER TABLE channels ADD COLUMN bilingual_mode TEXT NOT NULL DEFAULT 'combined';
ALTER TABLE channels ADD COLUMN text_limit BIGINT;
ALTER TABLE channels ADD COLUMN api_base_url TEXT;

CREATE TABLE posts (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    content_type TEXT NOT NULL,
    status TEXT NOT NULL,
    link_url TEXT,
    internal_notes TEXT NOT NULL,
    publish_at BIGINT,
    time_zone TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX posts_org ON posts(organisation_id, status);

CREATE TABLE post_variants (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, language)
);

CREATE TABLE post_targets (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    PRIMARY KEY (post_id, channel_id)
);

CREATE TABLE renditions (
    id {{ID}},
    post_id BIGINT NOT NULL REFERENCES posts(id),
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    languages TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    remote_id TEXT,
    remote_url TEXT,
    network_message TEXT,
    explanation TEXT,
    attempts BIGINT NOT NULL,
    publish_at BIGINT,
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX renditions_post ON renditions(post_id);
CREATE INDEX renditions_status ON renditions(status, publish_at);

-- Durable jobs: claimed with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL); a job whose lease
-- expired is claimed again.
CREATE TABLE jobs (
    id {{ID}},
    kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    run_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    attempts BIGINT NOT NULL,
    last_error TEXT,
    done_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);

CREATE TABLE channel_credentials (
    channel_id BIGINT PRIMARY KEY REFERENCES channels(id),
    nonce TEXT NOT NULL,
    ciphertext TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
