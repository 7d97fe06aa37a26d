-- Request counts per limited key (an account, a client address) and fixed time window, kept in the
-- database so that every node counts against the same limit.
CREATE TABLE rate_limits (
    bucket       TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
