-- Media: images uploaded for posts. The bytes are stored as base64 TEXT: SOCI 4.0 maps soci::blob to
-- a BLOB on SQLite but to a large object (oid, lo_* calls) on PostgreSQL, not BYTEA, so one portable
-- column type is text. The type is sniffed from the bytes, never taken from the file name.
CREATE TABLE media (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    sha256 TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    width BIGINT,
    height BIGINT,
    file_name TEXT NOT NULL,
    content_base64 TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX media_org ON media(organisation_id);

-- The images of a post, in order. Alt text belongs to the use of an image in a post, per language.
CREATE TABLE post_media (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    media_id BIGINT NOT NULL REFERENCES media(id),
    position BIGINT NOT NULL,
    PRIMARY KEY (post_id, media_id)
);

CREATE TABLE post_media_alt (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    media_id BIGINT NOT NULL REFERENCES media(id),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (post_id, media_id, language)
);
