#!/usr/bin/env bash
# Writes a synthetic CRM export in the import's format (docs/import-sample/README.md), for measuring the import.
#
#   scripts/crm-export.sh <folder> [accounts=2000] [activities per account=92]
#
# Each account gets 5 contacts, two KAM periods (an assignment and a handover) and the activities: with the defaults
# 2,000 x (1 + 5 + 2 + 92) = 200,000 events, plus 50 people. Dates are spread over 2020-2025, all in the past.
set -euo pipefail

folder="${1:?usage: scripts/crm-export.sh <folder> [accounts] [activities per account]}"
accounts="${2:-2000}"
activities="${3:-92}"
mkdir -p "$folder"

awk -v dir="$folder" -v n="$accounts" -v acts="$activities" 'BEGIN {
  people = 50
  f = dir "/people.csv"
  print "person_id,name,title,org_unit,seniority,manager_person_id,registered_on,left_on,left_reason" > f
  print "p000@example.com,Person 0,Sales Director,Sales,Director,,2019-01-01,," > f
  for (p = 1; p < people; p++) printf "p%03d@example.com,Person %d,Key Account Manager,Sales,Senior,p000@example.com,2019-06-01,,\n", p, p > f

  a = dir "/accounts.csv"; c = dir "/contacts.csv"; o = dir "/owners.csv"; v = dir "/activities.csv"
  print "account_id,name,registry_id,segment,tier,criteria,designated_on,revenue_budget,currency,status,status_since,status_reason,ended_on,end_reason" > a
  print "contact_id,account_id,name,title,department,level,buying_role,stance,email,phone,since,left_on,left_reason" > c
  print "account_id,person_id,from,to,note" > o
  print "activity_id,account_id,kind,channel,happened_at,duration_minutes,subject,summary,our_participants,their_participants,topics" > v
  split("Meeting Call Email Visit Review", kinds, " "); split("InPerson Phone Email InPerson Video", channels, " ")
  for (i = 0; i < n; i++) {
    id = sprintf("ACC%06d", i)
    printf "%s,Customer %d Oy,FI%08d,Manufacturing,Key,Revenue potential;Strategic fit,2020-01-%02d,%d,EUR,,,,,\n", id, i, i, 1 + i % 28, 100000 + i > a
    for (k = 0; k < 5; k++) printf "%s-C%d,%s,Contact %d-%d,Manager,Procurement,Management,Influencer,Neutral,c%d.%d@customer.example,,2020-02-01,,\n", id, k, id, i, k, i, k > c
    kam1 = sprintf("p%03d@example.com", 1 + i % (people - 1)); kam2 = sprintf("p%03d@example.com", 1 + (i + 1) % (people - 1))
    printf "%s,%s,2020-02-01,2023-01-01,\n%s,%s,2023-01-01,,Handover\n", id, kam1, id, kam2 > o
    for (j = 0; j < acts; j++) {
      day = j * 1800 / acts; y = 2020 + int(day / 365); d = day % 365; m = 1 + int(d / 31); dd = 1 + d % 28
      printf "%s-A%03d,%s,%s,%s,%04d-%02d-%02dT10:00:00+02:00,60,Subject %d,Summary of activity %d for account %d.,%s,%s-C%d,Topic\n", id, j, id, kinds[1 + j % 5], channels[1 + j % 5], y, m, dd, j, j, i, (y < 2023 ? kam1 : kam2), id, j % 5 > v
    }
  }
}'
echo "Wrote $folder: $accounts accounts, $((accounts * (8 + activities))) account events and 50 people."
