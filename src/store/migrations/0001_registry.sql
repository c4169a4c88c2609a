-- The registry, people, sessions and the audit chain. Times are Unix epoch milliseconds (UTC).

CREATE TABLE organisations (
    id {{ID}},
    parent_id BIGINT REFERENCES organisations(id),
    kind TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    name_de TEXT NOT NULL,
    name_en TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_id);

CREATE TABLE users (
    id {{ID}},
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_login_at BIGINT
);

CREATE TABLE role_grants (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    role TEXT NOT NULL,
    expires_at BIGINT,
    granted_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, organisation_id, role)
);
CREATE INDEX role_grants_org ON role_grants(organisation_id);

CREATE TABLE channels (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    network TEXT NOT NULL,
    handle TEXT NOT NULL,
    platform_account_id TEXT,
    url TEXT NOT NULL,
    display_name TEXT NOT NULL,
    languages TEXT NOT NULL,
    status TEXT NOT NULL,
    status_changed_at BIGINT NOT NULL,
    primary_contact_id BIGINT REFERENCES users(id),
    backup_contact_id BIGINT REFERENCES users(id),
    policy_url TEXT,
    last_validated_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX channels_handle ON channels(network, handle);
CREATE INDEX channels_account ON channels(network, platform_account_id);
CREATE INDEX channels_org ON channels(organisation_id);

CREATE TABLE channel_tags (
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (channel_id, tag)
);
CREATE INDEX channel_tags_tag ON channel_tags(tag);

CREATE TABLE sessions (
    id {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
    id {{ID}},
    username_key TEXT NOT NULL,
    ip TEXT NOT NULL,
    at BIGINT NOT NULL,
    success BIGINT NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username_key, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

-- Hash-chained audit log: hash = SHA-256(prev_hash || canonical entry). audit_head holds the
-- chain's tip; updating it first in every writing transaction serialises appends on both engines.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    organisation_id BIGINT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log(object_type, object_id);
CREATE INDEX audit_org ON audit_log(organisation_id);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Figures measured on a channel or organisation (the seeds' figures now, analytics later).
CREATE TABLE metric_snapshots (
    id {{ID}},
    channel_id BIGINT REFERENCES channels(id),
    organisation_id BIGINT REFERENCES organisations(id),
    metric TEXT NOT NULL,
    dimension TEXT,
    value {{DOUBLE}} NOT NULL,
    measured_at BIGINT NOT NULL,
    source TEXT
);
CREATE INDEX metric_snapshots_channel ON metric_snapshots(channel_id, metric);
