"""The SQL that `flask seed requests` (server/seeds/request_scale.py) runs inside PostgreSQL: the
temporary lookup tables it joins, and the two INSERT … SELECTs that generate the requests and their
timeline events."""

TEMP_TABLES = """
DROP TABLE IF EXISTS seed_village, seed_category, seed_staff, seed_day, seed_workday;
CREATE TEMP TABLE seed_village (slot int PRIMARY KEY, name text,
    village_id bigint, village_up int, township_id bigint, township_up int,
    county_id bigint, county_up int, city_id bigint, city_up int);
CREATE TEMP TABLE seed_category (id int, track text, first_days int, resolution_days int,
    route_level text, lo float8, hi float8, titles text[], sentences text[]);
CREATE TEMP TABLE seed_staff (station_id bigint PRIMARY KEY, staff_id bigint, name text);
CREATE TEMP TABLE seed_day (day date PRIMARY KEY, cum int, working bool);
CREATE TEMP TABLE seed_workday (ord int PRIMARY KEY, day date);
"""


def _pick(array, r):
    """SQL: a random element of the array parameter `array`, by the random column `r`."""
    return f"(CAST(:{array} AS text[]))[1 + floor({r} * cardinality(CAST(:{array} AS text[])))::int]"


# The request's randoms (r_*) are drawn once per row; ages are in days before :now.
INSERT_REQUESTS = """
INSERT INTO service_request (number, openid, person_name, station_id, category_id, track, title,
    content, channel, state, priority, assignee_id, respond_due_on, due_on, paused_on, warned_for,
    escalation_level, escalated_until, extended, review_round, first_responded_at, response_days,
    resolved_at, resolution_days, resolved_due_on, closed_at, rating, rated_at, created_at, updated_at)
WITH g AS (
    SELECT n, CAST(:now AS timestamp) - make_interval(secs => :span * (1 - power(n / CAST(:count AS float8),
               :curve))) AS created_at,
           floor(random() * :people)::int AS person,
           random() AS r_cat, random() AS r_open, random() AS r_state, random() AS r_channel,
           random() AS r_respond, random() AS r_resolve, random() AS r_rate, random() AS r_title,
           random() AS r_s1, random() AS r_s2, random() AS r_s3, random() AS r_num
    FROM generate_series(1, :count) AS n
), placed AS (
    SELECT g.*, c.*, v.name AS village, CAST(g.created_at + interval '8 hours' AS date) AS day,
           extract(epoch FROM CAST(:now AS timestamp) - g.created_at) / 86400 AS age,
           CASE c.route_level WHEN 'township' THEN v.township_id WHEN 'county' THEN v.county_id
                WHEN 'city' THEN v.city_id ELSE v.village_id END AS owner_id,
           CASE c.route_level WHEN 'township' THEN v.township_up WHEN 'county' THEN v.county_up
                WHEN 'city' THEN v.city_up ELSE v.village_up END AS levels_above
    FROM g JOIN seed_village v ON v.slot = g.person % :slots
           JOIN seed_category c ON g.r_cat >= c.lo AND g.r_cat < c.hi
), opened AS (
    SELECT p.*, p.r_open < CASE WHEN age < 14 THEN 0.6 WHEN age < 45 THEN 0.2 WHEN age < 120 THEN 0.02
                                ELSE 0.001 END AS is_open
    FROM placed p
), stated AS (
    SELECT o.*, CASE
        WHEN track = 'service' AND is_open THEN CASE WHEN age < 2 AND r_state < 0.7 THEN 'pending'
             WHEN r_state < 0.12 THEN 'waiting' WHEN r_state < 0.2 THEN 'pending' ELSE 'processing' END
        WHEN track = 'service' THEN CASE WHEN r_state < 0.03 THEN 'withdrawn' WHEN r_state < 0.04
             THEN 'merged' WHEN age < 20 OR r_state < 0.1 THEN 'resolved' ELSE 'closed' END
        WHEN is_open THEN CASE WHEN age < 10 THEN 'registered' WHEN r_state < 0.08 THEN 'reviewing'
             ELSE 'accepted' END
        ELSE CASE WHEN r_state < 0.03 THEN 'withdrawn' WHEN r_state < 0.15 THEN 'rejected'
             WHEN age < 60 OR r_state < 0.4 THEN 'concluded' ELSE 'final' END
        END AS state,
        -- days to the first answer and to the resolution; about one in eight resolutions is late
        LEAST(-ln(1 - r_respond) * first_days * 1.1, age * 0.5) AS respond_lag,
        LEAST(resolution_days * 1.4 * (0.3 + 0.8 * r_resolve), age * 0.98) AS resolve_lag,
        d.cum AS day_cum
    FROM opened o JOIN seed_day d ON d.day = o.day
), timed AS (
    SELECT s.*,
        s.state NOT IN ('pending', 'registered') AS responded,
        s.state IN ('resolved', 'closed', 'concluded', 'final', 'reviewing') AS was_resolved,
        CASE WHEN track = 'petition' THEN day_cum + 5 + resolution_days ELSE day_cum + resolution_days
             END AS resolve_ord,
        CASE WHEN state = 'pending' THEN day_cum + first_days END AS respond_ord,
        CASE WHEN state = 'registered' THEN day_cum + 15
             WHEN state = 'reviewing' THEN day_cum + 35 + resolution_days END AS step_ord
    FROM stated s
), due AS (
    SELECT t.*, rd.day AS respond_due, CASE WHEN is_open AND state <> 'reviewing' AND state <> 'registered'
               THEN sd.day ELSE xd.day END AS step_due, sd.day AS resolve_due
    FROM timed t LEFT JOIN seed_workday rd ON rd.ord = t.respond_ord
                 LEFT JOIN seed_workday sd ON sd.ord = t.resolve_ord
                 LEFT JOIN seed_workday xd ON xd.ord = t.step_ord
), late AS (
    SELECT u.*, (SELECT cum FROM seed_day WHERE day = CAST(:today AS date) - 1) - nd.cum AS overdue_days,
           LEAST(u.respond_due, u.step_due) AS next_due, nd.cum AS next_cum
    FROM due u LEFT JOIN seed_day nd ON nd.day = LEAST(u.respond_due, u.step_due)
               AND u.is_open AND u.state <> 'waiting'
), stamped AS (
    SELECT l.*,
        CASE WHEN responded THEN created_at + make_interval(secs => respond_lag * 86400) END AS answered_at,
        CASE WHEN was_resolved THEN created_at + make_interval(secs => GREATEST(resolve_lag, respond_lag)
             * 86400) END AS finished_at
    FROM late l
), counted AS (
    -- working days from the filing: the difference of the days' ordinals
    SELECT s.*, ad.cum - s.day_cum AS answer_days, fd.cum - s.day_cum AS finish_days
    FROM stamped s LEFT JOIN seed_day ad ON ad.day = CAST(s.answered_at + interval '8 hours' AS date)
                   LEFT JOIN seed_day fd ON fd.day = CAST(s.finished_at + interval '8 hours' AS date)
)
SELECT split_part(CAST(l.day AS text), '-', 1) || '-' || lpad(CAST(:offset + n AS text), 7, '0'),
    'oSeed' || person,
    (CAST(:surnames AS text[]))[1 + person % :surname_count]
        || (CAST(:given AS text[]))[1 + person / 97 % :given_count]
        || (CAST(:given AS text[]))[1 + person / 3001 % :given_count],
    owner_id, l.id, track, titles[1 + floor(r_title * cardinality(titles))::int],
    replace(replace(replace(replace(
        sentences[1 + s1] || sentences[1 + (s1 + 1 + s2) % n_sentences]
        || sentences[1 + (s1 + 1 + s3) % n_sentences],
        '{村}', village), '{年}', CAST(1975 + person % 45 AS text)),
        '{元}', CAST(1000 + floor(r_num * 90) * 500 AS text)), '{月}', CAST(1 + person % 11 AS text)),
    CASE WHEN r_channel < 0.45 THEN 'chat' WHEN r_channel < 0.75 THEN 'miniapp' WHEN r_channel < 0.87
         THEN 'phone' WHEN r_channel < 0.97 THEN 'walkin' ELSE 'letter' END,
    state, CASE WHEN r_num < 0.05 THEN 'urgent' ELSE 'normal' END, ss.staff_id,
    CASE WHEN is_open THEN respond_due END,
    CASE WHEN is_open THEN step_due END,
    CASE WHEN state = 'waiting' THEN CAST(created_at + make_interval(secs => respond_lag * 86400)
         + interval '8 hours' AS date) END,
    CASE WHEN next_due IS NOT NULL AND overdue_days >= -2 THEN next_due END,
    CASE WHEN overdue_days >= 1 THEN LEAST(levels_above, 1 + (overdue_days - 1) / 3) ELSE 0 END,
    CASE WHEN overdue_days >= 1 THEN (SELECT day FROM seed_workday WHERE ord = next_cum
         + 3 * LEAST(levels_above, 1 + (overdue_days - 1) / 3)) END,
    false, CASE WHEN state = 'reviewing' THEN 1 ELSE 0 END,
    answered_at, answer_days, finished_at, finish_days,
    CASE WHEN was_resolved THEN resolve_due END,
    CASE WHEN state IN ('rejected', 'withdrawn', 'merged')
              THEN created_at + make_interval(secs => respond_lag * 86400)
         WHEN state IN ('closed', 'final') THEN created_at + make_interval(secs => (GREATEST(resolve_lag,
              respond_lag) + LEAST(7, (age - GREATEST(resolve_lag, respond_lag)) * 0.5)) * 86400) END,
    CASE WHEN was_resolved AND state <> 'reviewing' AND r_rate < 0.6 THEN CASE WHEN r_rate < 0.45
         THEN 'satisfied' WHEN r_rate < 0.56 THEN 'fair' ELSE 'unsatisfied' END END,
    CASE WHEN was_resolved AND state <> 'reviewing' AND r_rate < 0.6 THEN created_at + make_interval(
         secs => (GREATEST(resolve_lag, respond_lag) + LEAST(3, (age - GREATEST(resolve_lag, respond_lag))
         * 0.3)) * 86400) END,
    created_at, created_at
FROM (
    -- three different sentences: offsets s2 <> s3, both in 0 .. n-2 past s1
    SELECT counted.*, floor(r_s1 * cardinality(sentences))::int AS s1, cardinality(sentences) AS n_sentences,
           floor(r_s2 * (cardinality(sentences) - 1))::int AS s2,
           (floor(r_s2 * (cardinality(sentences) - 1))::int + 1
            + floor(r_s3 * (cardinality(sentences) - 2))::int) % (cardinality(sentences) - 1) AS s3
    FROM counted
) l LEFT JOIN seed_staff ss ON ss.station_id = l.owner_id
ORDER BY n  -- ids in the order of filing, whatever order the joins left the rows in
"""

# One row per event: the first is the filing, the second the assignment, the last of a closed
# request its final state; between them replies, notes, the person's messages, warnings, 督办.
INSERT_EVENTS = f"""
INSERT INTO request_event (request_id, kind, public, actor_id, actor_name, body, data, created_at)
SELECT id, kind, kind IN ('filed', 'reply', 'message', 'state'),
    CASE WHEN kind IN ('reply', 'note', 'followup', 'state') THEN assignee_id END,
    CASE WHEN kind IN ('filed', 'message') THEN coalesce(person_name, '本人')
         WHEN kind IN ('warn', 'escalate') THEN '督办提醒' WHEN kind = 'assign' THEN '自动分派'
         ELSE coalesce(staff_name, '工作人员') END,
    CASE kind WHEN 'filed' THEN content WHEN 'assign' THEN '指派给' || coalesce(staff_name, '工作人员')
         WHEN 'reply' THEN {_pick("replies", "x")} WHEN 'note' THEN {_pick("notes", "x")}
         WHEN 'message' THEN {_pick("messages", "x")} WHEN 'followup' THEN {_pick("followups", "x")}
         WHEN 'warn' THEN '诉求' || number || '即将到期，请及时办理：' || title
         WHEN 'escalate' THEN '督办：诉求' || number || '已逾期未办结：' || title END,
    CASE kind WHEN 'filed' THEN json_build_object('channel', channel, 'station_id', station_id)
         WHEN 'state' THEN json_build_object('to', CASE WHEN i = k THEN state ELSE 'processing' END)
         WHEN 'escalate' THEN json_build_object('level', 1, 'station_id', station_id)
         ELSE CAST('{{}}' AS json) END,
    created_at + (finished - created_at) * ((i - 1) / CAST(k AS float8))
FROM (
    SELECT r.*, CASE WHEN i = 1 THEN 'filed' WHEN i = 2 AND assignee_id IS NOT NULL THEN 'assign'
              WHEN i = k AND NOT is_open THEN 'state'
              WHEN x < 0.3 THEN 'reply' WHEN x < 0.55 THEN 'note' WHEN x < 0.75 THEN 'message'
              WHEN x < 0.85 THEN 'state' WHEN x < 0.9 THEN 'followup' WHEN x < 0.95 THEN 'warn'
              ELSE 'escalate' END AS kind
    FROM (
        SELECT r.*, random() AS x, s.i
        FROM (
            SELECT q.id, q.number, q.title, q.content, q.channel, q.state, q.station_id, q.assignee_id,
                   q.person_name, q.created_at, st.name AS staff_name,
                   q.state IN ('pending', 'processing', 'waiting', 'registered', 'accepted', 'reviewing')
                       AS is_open,
                   coalesce(q.closed_at, q.resolved_at, CAST(:now AS timestamp)) AS finished,
                   CASE WHEN q.id % :every = 0 THEN 300 + q.id % 500
                        ELSE 1 + floor(random() * :spread)::int END AS k
            FROM service_request q LEFT JOIN staff st ON st.id = q.assignee_id
            WHERE q.id > :offset
        ) r CROSS JOIN LATERAL generate_series(1, r.k) AS s(i)
    ) r
) e
"""
