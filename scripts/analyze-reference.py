#!/usr/bin/env python3
"""The Python reference `make bench` times beside `ferry analyze`: the same aggregation with DuckDB and
the same graph measures with networkx, over the same export. Prints its stage times; asserts nothing."""
import sys
import time

import duckdb
import networkx as nx

root = sys.argv[1]
t0 = time.time()
con = duckdb.connect()
con.execute(f"""
CREATE TABLE users AS SELECT id, lower(mail) AS mail, department FROM read_json_auto('{root}/users/*/*.jsonl.gz');
CREATE TABLE mail AS
  SELECT DISTINCT ON (internetMessageId) internetMessageId, sentDateTime, lower("from".emailAddress.address) AS sender,
         toRecipients, ccRecipients
  FROM read_json_auto(['{root}/sent_items/*/*.jsonl.gz', '{root}/messages/*/*.jsonl.gz'], union_by_name = true);
CREATE TABLE meetings AS
  SELECT DISTINCT ON (iCalUId, "start") iCalUId, "start", "end", isCancelled, lower(organizer.emailAddress.address) AS organizer, attendees
  FROM read_json_auto('{root}/calendar_view/*/*.jsonl.gz');
""")
person_week = con.execute("""
WITH sent AS (
  SELECT u.id, date_trunc('week', m.sentDateTime::TIMESTAMP) AS week, count(*) AS emails_sent
  FROM mail m JOIN users u ON u.mail = m.sender GROUP BY ALL),
recipients AS (
  SELECT m.internetMessageId, m.sentDateTime, m.sender, lower(r.emailAddress.address) AS recipient,
         len(m.toRecipients) + len(m.ccRecipients) AS n, i <= len(m.toRecipients) AS is_to
  FROM mail m, unnest(list_concat(m.toRecipients, m.ccRecipients)) WITH ORDINALITY AS t(r, i)),
received AS (
  SELECT u.id, date_trunc('week', sentDateTime::TIMESTAMP) AS week, count(*) AS emails_received
  FROM recipients JOIN users u ON u.mail = recipient GROUP BY ALL),
attendance AS (
  SELECT mt.iCalUId, mt."start", mt."end", lower(a.emailAddress.address) AS who
  FROM meetings mt, unnest(mt.attendees) AS t(a)
  WHERE NOT mt.isCancelled AND a.status.response = 'accepted'
  UNION ALL SELECT iCalUId, "start", "end", organizer FROM meetings WHERE NOT isCancelled),
meeting_hours AS (
  SELECT u.id, date_trunc('week', "start"::TIMESTAMP) AS week,
         sum(epoch("end"::TIMESTAMP - "start"::TIMESTAMP)) / 3600 AS meeting_hours
  FROM attendance JOIN users u ON u.mail = who GROUP BY ALL)
SELECT * FROM sent FULL JOIN received USING (id, week) FULL JOIN meeting_hours USING (id, week)
""").fetchall()
edges = con.execute("""
WITH recipients AS (
  SELECT m.sender, lower(r.emailAddress.address) AS recipient, len(m.toRecipients) + len(m.ccRecipients) AS n,
         i <= len(m.toRecipients) AS is_to
  FROM mail m, unnest(list_concat(m.toRecipients, m.ccRecipients)) WITH ORDINALITY AS t(r, i)),
mail_ties AS (
  SELECT s.id AS source, r.id AS target, CASE WHEN is_to THEN 1.0 ELSE 0.5 END / n AS w
  FROM recipients JOIN users s ON s.mail = sender JOIN users r ON r.mail = recipient
  WHERE n <= 25 AND s.id <> r.id),
took_part AS (
  SELECT iCalUId, "start", "end", who FROM (
    SELECT mt.iCalUId, mt."start", mt."end", lower(a.emailAddress.address) AS who
    FROM meetings mt, unnest(mt.attendees) AS t(a) WHERE NOT mt.isCancelled AND a.status.response = 'accepted'
    UNION SELECT iCalUId, "start", "end", organizer FROM meetings WHERE NOT isCancelled)),
sizes AS (SELECT iCalUId, "start", count(*) AS n FROM took_part GROUP BY ALL HAVING count(*) BETWEEN 2 AND 25),
meeting_ties AS (
  SELECT ua.id AS source, ub.id AS target,
         epoch(a."end"::TIMESTAMP - a."start"::TIMESTAMP) / 3600 / (s.n - 1) AS w
  FROM took_part a JOIN took_part b ON a.iCalUId = b.iCalUId AND a."start" = b."start" AND a.who <> b.who
  JOIN sizes s ON s.iCalUId = a.iCalUId AND s."start" = a."start"
  JOIN users ua ON ua.mail = a.who JOIN users ub ON ub.mail = b.who)
SELECT source, target, sum(w) FROM (SELECT * FROM mail_ties UNION ALL SELECT * FROM meeting_ties) GROUP BY ALL
""").fetchall()
t1 = time.time()
G = nx.DiGraph()
G.add_nodes_from(row[0] for row in con.execute("SELECT id FROM users").fetchall())
for s, t, w in edges:
    G.add_edge(s, t, weight=w)
R = nx.Graph()
R.add_nodes_from(G.nodes)
for s, t, d in G.edges(data=True):
    if G.has_edge(t, s):
        R.add_edge(s, t, weight=d["weight"] + G[t][s]["weight"])
U = G.to_undirected()
t2 = time.time()
nx.pagerank(G, weight="weight")
t3 = time.time()
nx.betweenness_centrality(R, normalized=False)
for u, v, d in R.edges(data=True):
    d["distance"] = 1 / d["weight"]
nx.betweenness_centrality(R, normalized=False, weight="distance")
t4 = time.time()
nx.constraint(G, weight="weight")
nx.effective_size(G, weight="weight")
t5 = time.time()
nx.community.louvain_communities(U, weight="weight", seed=42)
t6 = time.time()
print(f"reference: {len(person_week)} person-weeks, {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
      f"tables (DuckDB) {t1 - t0:.2f} s, graph build {t2 - t1:.2f} s, pagerank {t3 - t2:.2f} s, "
      f"betweenness (hops and weighted) {t4 - t3:.2f} s, constraint and effective size {t5 - t4:.2f} s, louvain {t6 - t5:.2f} s; total {t6 - t0:.2f} s")
