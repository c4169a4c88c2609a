-- Crisis mode (issue 4): a crisis stops the scheduled posts of an organisation's sub-tree, lets the
-- spokesperson send pre-approved alert templates at once, and restores the schedule when it closes.
--   crises.status: open | closed. At most one open crisis covers an organisation (the service
--           refuses one above or below an open one).
--   *_name: the display name of who acted, kept as it was then.

CREATE TABLE crises (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_by BIGINT REFERENCES users(id),
    opened_by_name TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    closed_by BIGINT REFERENCES users(id),
    closed_by_name TEXT,
    closed_at BIGINT
);
CREATE INDEX crises_status ON crises(status, organisation_id);

-- Each rendition a crisis paused, with the time it was due; state: paused → restored |
-- published_now | rescheduled | cancelled (decided when the crisis closed).
CREATE TABLE crisis_paused (
    crisis_id BIGINT NOT NULL REFERENCES crises(id),
    rendition_id BIGINT NOT NULL REFERENCES renditions(id),
    post_id BIGINT NOT NULL REFERENCES posts(id),
    original_publish_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    new_publish_at BIGINT,
    decided_at BIGINT,
    decided_by_name TEXT,
    PRIMARY KEY (crisis_id, rendition_id)
);
CREATE INDEX crisis_paused_rendition ON crisis_paused(rendition_id);

-- Renditions already on their way to the network when the crisis opened (publishing, unconfirmed).
CREATE TABLE crisis_not_paused (
    crisis_id BIGINT NOT NULL REFERENCES crises(id),
    rendition_id BIGINT NOT NULL REFERENCES renditions(id),
    post_id BIGINT NOT NULL REFERENCES posts(id),
    status TEXT NOT NULL,
    PRIMARY KEY (crisis_id, rendition_id)
);

-- Alert templates: text per language with {sender} {event} {area} {instructions} {until} {link}.
-- Every change bumps version; approved_version is the version the spokesperson approved.
CREATE TABLE crisis_templates (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    approved_version BIGINT,
    approved_by BIGINT REFERENCES users(id),
    approved_by_name TEXT,
    approved_at BIGINT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX crisis_templates_org ON crisis_templates(organisation_id);

CREATE TABLE crisis_template_variants (
    template_id BIGINT NOT NULL REFERENCES crisis_templates(id),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (template_id, language)
);

-- Each message sent during a crisis: the post it became (its renditions carry the live state per
-- channel), the template and version it was filled from, and the fields as given.
CREATE TABLE crisis_messages (
    id {{ID}},
    crisis_id BIGINT NOT NULL REFERENCES crises(id),
    post_id BIGINT NOT NULL REFERENCES posts(id) UNIQUE,
    template_id BIGINT NOT NULL REFERENCES crisis_templates(id),
    template_version BIGINT NOT NULL,
    fields_json TEXT NOT NULL,
    sent_by BIGINT REFERENCES users(id),
    sent_by_name TEXT NOT NULL,
    sent_at BIGINT NOT NULL
);
CREATE INDEX crisis_messages_crisis ON crisis_messages(crisis_id, id);
