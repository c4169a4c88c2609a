-- Inbox and moderation (issue 5): every citizen reaction on the channels, grouped in conversations,
-- answered, and moderated.
--   inbox_conversations.status: new | assigned | waiting | answered | closed
--   inbox_items.direction: in (a citizen wrote) | out (belfry answered through the network)
--   inbox_items.kind: reply (to one of the channel's posts or threads) | mention | direct | answer (ours)
--   inbox_items.send_state (out only): pending | sent | failed
--   inbox_items.moderation: none | queued | hidden | not_hidden (the network cannot hide; recorded)
--           | hide_failed (the network refused or did not answer; retried) | allowed (a person decided)
--   *_name: the display name of who acted, kept as it was then.
--   Times are epoch milliseconds. Texts are stored verbatim as the network gave them.

CREATE TABLE inbox_teams (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, name)
);
CREATE TABLE inbox_team_members (
    team_id BIGINT NOT NULL REFERENCES inbox_teams(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (team_id, user_id)
);

-- One conversation: a citizen's reply thread under a post, a mention thread, or a direct-message
-- exchange. thread_key is unique per channel (the remote id of the conversation's first item, or
-- "dm:<citizen account id>" for direct messages).
CREATE TABLE inbox_conversations (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    network TEXT NOT NULL,
    thread_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    post_id BIGINT REFERENCES posts(id),
    citizen_id TEXT NOT NULL,
    citizen_handle TEXT NOT NULL,
    citizen_name TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    assignee_user_id BIGINT REFERENCES users(id),
    assignee_team_id BIGINT REFERENCES inbox_teams(id),
    category TEXT,
    first_inbound_at BIGINT NOT NULL,
    last_inbound_at BIGINT NOT NULL,
    first_response_at BIGINT,
    first_response_by BIGINT REFERENCES users(id),
    last_response_at BIGINT,
    due_at BIGINT,
    item_count BIGINT NOT NULL,
    last_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (channel_id, thread_key)
);
CREATE INDEX inbox_conversations_org ON inbox_conversations(organisation_id, status, last_inbound_at);
CREATE INDEX inbox_conversations_channel ON inbox_conversations(channel_id, last_inbound_at);
CREATE INDEX inbox_conversations_assignee ON inbox_conversations(assignee_user_id, status);
CREATE INDEX inbox_conversations_due ON inbox_conversations(status, due_at);

-- Every message of a conversation, the citizens' and ours. search_text holds the folded and stemmed
-- words of text (inbox/search_text.hpp) that the full-text index covers.
CREATE TABLE inbox_items (
    id {{ID}},
    conversation_id BIGINT NOT NULL REFERENCES inbox_conversations(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    remote_id TEXT,
    parent_remote_id TEXT,
    direction TEXT NOT NULL,
    kind TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_handle TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT,
    language TEXT NOT NULL,
    network_language TEXT,
    created_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    sent_by BIGINT REFERENCES users(id),
    sent_by_name TEXT,
    send_state TEXT,
    send_key TEXT,
    send_message TEXT,
    saved_reply_id BIGINT,
    moderation TEXT NOT NULL,
    moderation_category TEXT,
    moderation_score {{DOUBLE}},
    search_text TEXT NOT NULL,
    UNIQUE (channel_id, remote_id)
);
CREATE INDEX inbox_items_conversation ON inbox_items(conversation_id, created_at);
CREATE INDEX inbox_items_moderation ON inbox_items(organisation_id, moderation, received_at);

-- Internal notes on a conversation: never sent to the network.
CREATE TABLE inbox_notes (
    id {{ID}},
    conversation_id BIGINT NOT NULL REFERENCES inbox_conversations(id),
    author_id BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX inbox_notes_conversation ON inbox_notes(conversation_id, created_at);

-- Who is writing an answer to a conversation now (collision warning); a row older than two
-- minutes no longer counts.
CREATE TABLE inbox_drafting (
    conversation_id BIGINT NOT NULL REFERENCES inbox_conversations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    user_name TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- Per organisation (inherited down the tree when absent): the response target and business hours.
--   target: same_business_day | next_business_day | hours (target_hours business hours)
--   business_days: ISO weekdays, "1,2,3,4,5"; times are minutes after midnight, Europe/Brussels.
CREATE TABLE inbox_settings (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    target TEXT NOT NULL,
    target_hours BIGINT NOT NULL,
    business_days TEXT NOT NULL,
    day_start_minute BIGINT NOT NULL,
    day_end_minute BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Saved replies, one text per language, with {citizen_name}, {citizen_handle}, {link}, {channel}.
CREATE TABLE saved_replies (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    category TEXT,
    link TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE saved_reply_variants (
    saved_reply_id BIGINT NOT NULL REFERENCES saved_replies(id),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (saved_reply_id, language)
);

-- Question categories by rule: a conversation whose first message has one of the keywords (whole
-- words, ignoring case and accents) in the language (or any language when empty) gets the category.
-- Lower position first.
CREATE TABLE inbox_category_rules (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    category TEXT NOT NULL,
    language TEXT,
    keywords TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX inbox_category_rules_org ON inbox_category_rules(organisation_id, position);

-- Where the ingestion of each channel stands: the connector's opaque cursor.
CREATE TABLE inbox_cursors (
    channel_id BIGINT PRIMARY KEY REFERENCES channels(id),
    cursor_value TEXT NOT NULL,
    polled_at BIGINT NOT NULL,
    last_error TEXT,
    items_total BIGINT NOT NULL
);

-- Moderation policy per organisation (inherited down the tree when absent). Scores are 0..1:
-- at or above hide_threshold, hide at once through the network; at or above queue_threshold,
-- queue for a moderator; below, nothing. categories: the categories acted on, comma-separated.
CREATE TABLE moderation_settings (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    hide_threshold {{DOUBLE}} NOT NULL,
    queue_threshold {{DOUBLE}} NOT NULL,
    categories TEXT NOT NULL,
    use_model BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The organisation's own lexicon: terms added to a category (kind add) or words never to flag
-- (kind allow).
CREATE TABLE moderation_terms (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    language TEXT NOT NULL,
    term TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, kind, category, language, term)
);

-- Every moderation decision on an item, never changed: a reversal is a new decision naming the one
-- it reverses.
--   action: hide | queue | allow | restore
--   source: rule | model | person
--   network_result: hidden | restored | not_supported | failed | pending | none
CREATE TABLE moderation_decisions (
    id {{ID}},
    item_id BIGINT NOT NULL REFERENCES inbox_items(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    action TEXT NOT NULL,
    source TEXT NOT NULL,
    category TEXT,
    score {{DOUBLE}},
    rule TEXT,
    reason TEXT NOT NULL,
    original_text TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_by_name TEXT NOT NULL,
    reverses BIGINT REFERENCES moderation_decisions(id),
    network_result TEXT NOT NULL,
    network_message TEXT,
    attempts BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX moderation_decisions_item ON moderation_decisions(item_id, id);
CREATE INDEX moderation_decisions_pending ON moderation_decisions(network_result, updated_at);
CREATE INDEX moderation_decisions_org ON moderation_decisions(organisation_id, created_at);
