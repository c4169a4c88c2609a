-- Posting schedules: each channel's time zone and weekly slots, used by "next free slot".

ALTER TABLE channels ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Brussels';

-- weekday: 1 = Monday … 7 = Sunday (ISO 8601); minute_of_day: local time in the channel's zone.
CREATE TABLE channel_slots (
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    weekday BIGINT NOT NULL,
    minute_of_day BIGINT NOT NULL,
    PRIMARY KEY (channel_id, weekday, minute_of_day)
);

-- Which slots of a channel are taken: renditions by channel and time.
CREATE INDEX renditions_channel_time ON renditions(channel_id, publish_at);
