#!/usr/bin/env bash
# Creates OnePoint's SCRAM-SHA-512 users and ACLs on a Kafka cluster. docker-compose.yml runs it
# once, in the kafka-security service (the apache/kafka image, its tools in /opt/kafka/bin), as
# the admin client (CN=admin, a super user) over the brokers' mTLS listener; it can be run again
# (users are updated, ACLs added with --force are idempotent).
#
#   every worker  onepoint-<worker>: reads its input topics, writes ONLY its output topics and
#                 dead letters, uses its own consumer group (onepoint-<worker>)
#   the topics    onepoint-topics: creates topics named onepoint.* (the `topics` service)
#   every unit    unit-<id> (unit-hq, unit-gd-gz, ...): the operator CLI of that unit; writes its
#                 commands ONLY on its own topics, onepoint.<ID>.<kind> for each kind of
#                 UNIT_TOPICS (ticket commands, complaints, progress, test reports, cutover plans
#                 and feedback, fault reports; the stack runs with commands.unitTopics: true,
#                 compose/security.yaml, docs/security.md "Identity"), so the workers know the
#                 acting unit from the topic; writes the shared topics of UNIT_WRITES (orders,
#                 alarms, assurance periods); reads every shared topic and its own topics for
#                 `onepoint tail`; only HQ writes the calendar and the inventory and reads dead
#                 letters and every unit's topics
#
# The lists below are WorkerKind.inputs/outputs and Topic.unitCommandTopics
# (Sources/OnePointContracts/) with the default topic names; KafkaSecurityScriptTests checks that
# they agree. A unit's <ID> is its user name without `unit-`, upper-cased (make-certs.sh names the
# users after topology.yaml's ids, which are upper case).
#
# Environment: SECRETS (default /etc/kafka/secrets: admin.properties, ca.pem, admin.pem and
# passwords/<user>, made by scripts/make-certs.sh), BOOTSTRAP (default kafka-1:9095,...).
set -euo pipefail

secrets="${SECRETS:-/etc/kafka/secrets}"
bootstrap="${BOOTSTRAP:-kafka-1:9095,kafka-2:9095,kafka-3:9095}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
admin=(--bootstrap-server "$bootstrap" --command-config "$secrets/admin.properties")

# Topics each worker reads and writes (short names; the Kafka name is onepoint.<name>).
declare -A READS=(
  [provisioning]="service-orders presale-requests work-order-progress test-reports inventory calendar"
  [fault]="alarms fault-reports ticket-commands complaints assurance-periods planned-outages inventory"
  [cutover]="cutover-plans cutover-feedback assurance-periods inventory calendar"
  [reporting]="order-events work-orders tickets cutover-notices notifications presale-requests calendar"
)
declare -A WRITES=(
  [provisioning]="work-orders order-events notifications inventory presale-requests"
  [fault]="tickets notifications order-events"
  [cutover]="cutover-notices planned-outages order-events"
  [reporting]="reports"
)
# Each worker's internal topics (WorkerKind.internalTopics): its changelog and, for the fault,
# provisioning and reporting workers, their repartition topics; the worker both reads and writes them, nobody
# else does.
declare -A INTERNAL=(
  [provisioning]="provisioning.changelog provisioning.repartition"
  [fault]="fault.changelog fault.repartition"
  [cutover]="cutover.changelog"
  [reporting]="reporting.changelog reporting.repartition"
)
# The command kinds every unit writes on topics of its own (onepoint.<ID>.<kind>), never on the
# shared topic of the kind; the workers read every unit's topics of the kinds they read.
UNIT_TOPICS="ticket-commands complaints work-order-progress test-reports cutover-plans cutover-feedback fault-reports"
# Shared topics every unit's CLI writes; HQ also writes these.
UNIT_WRITES="service-orders alarms assurance-periods"
HQ_WRITES="calendar inventory"
ALL_TOPICS="service-orders presale-requests work-orders work-order-progress test-reports order-events inventory alarms fault-reports ticket-commands complaints assurance-periods tickets cutover-plans cutover-feedback cutover-notices planned-outages calendar notifications reports dead-letters"

# --topic onepoint.a --topic onepoint.b ... for a list of short names.
topics() {
  local name
  for name in "$@"; do printf -- '--topic\nonepoint.%s\n' "$name"; done
}

# The units, as <ID>s: one per unit-* password file.
units=()
for file in "$secrets"/passwords/unit-*; do
  user="$(basename "$file")"
  units+=("$(echo "${user#unit-}" | tr '[:lower:]' '[:upper:]')")
done

# unit_topics "ID ID..." KIND... : <ID>.<kind> for every unit given and every kind given that is
# in UNIT_TOPICS, one a line: the short names of those units' own topics.
unit_topics() {
  local unit kind
  for unit in $1; do
    for kind in "${@:2}"; do
      case " $UNIT_TOPICS " in *" $kind "*) echo "$unit.$kind" ;; esac
    done
  done
}

# acl PRINCIPAL OPERATIONS TOPIC... : allow the operations on the topics.
acl() {
  local principal="$1" operations="$2"
  shift 2
  local arguments=() operation
  for operation in $operations; do arguments+=(--operation "$operation"); done
  mapfile -t -O "${#arguments[@]}" arguments < <(topics "$@")
  "$bin/kafka-acls.sh" "${admin[@]}" --add --force --allow-principal "User:$principal" "${arguments[@]}" >/dev/null
}

echo "SCRAM-SHA-512 users"
for file in "$secrets"/passwords/*; do
  user="$(basename "$file")"
  # The password goes through a private file, not the command line (which `ps` shows).
  config="$(mktemp)"
  chmod 600 "$config"
  printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$(cat "$file")" > "$config"
  "$bin/kafka-configs.sh" "${admin[@]}" --alter --entity-type users --entity-name "$user" --add-config-file "$config" >/dev/null
  rm -f "$config"
  echo "  $user"
done

echo "ACLs"
for worker in provisioning fault cutover reporting; do
  # shellcheck disable=SC2086 # the lists are words
  acl "onepoint-$worker" "Read Describe" ${READS[$worker]}
  # shellcheck disable=SC2086
  acl "onepoint-$worker" "Write Describe" ${WRITES[$worker]} dead-letters
  # shellcheck disable=SC2086
  acl "onepoint-$worker" "Read Write Describe" ${INTERNAL[$worker]}
  # Every unit's own topics of the command kinds the worker reads.
  # shellcheck disable=SC2086
  mapfile -t own < <(unit_topics "${units[*]}" ${READS[$worker]})
  if [ ${#own[@]} -gt 0 ]; then acl "onepoint-$worker" "Read Describe" "${own[@]}"; fi
  "$bin/kafka-acls.sh" "${admin[@]}" --add --force --allow-principal "User:onepoint-$worker" \
    --operation Read --operation Describe --group "onepoint-$worker" >/dev/null
  echo "  onepoint-$worker: reads ${READS[$worker]} and ${#own[@]} unit topics; writes ${WRITES[$worker]} dead-letters; group onepoint-$worker"
done

"$bin/kafka-acls.sh" "${admin[@]}" --add --force --allow-principal User:onepoint-topics \
  --operation Create --operation Describe --operation DescribeConfigs \
  --resource-pattern-type prefixed --topic onepoint. >/dev/null
echo "  onepoint-topics: creates onepoint.*"

for unit in "${units[@]}"; do
  user="unit-$(echo "$unit" | tr '[:upper:]' '[:lower:]')"
  # Its own command topics only: WRITE on nobody else's.
  # shellcheck disable=SC2086
  mapfile -t own < <(unit_topics "$unit" $UNIT_TOPICS)
  acl "$user" "Write Describe" "${own[@]}"
  # shellcheck disable=SC2086
  acl "$user" "Write Describe" $UNIT_WRITES
  if [ "$user" = unit-hq ]; then
    # shellcheck disable=SC2086
    acl "$user" "Write Describe" $HQ_WRITES
    # shellcheck disable=SC2086
    acl "$user" "Read Describe" $ALL_TOPICS
    # shellcheck disable=SC2086
    mapfile -t every < <(unit_topics "${units[*]}" $UNIT_TOPICS)
    acl "$user" "Read Describe" "${every[@]}"
  else
    # shellcheck disable=SC2086
    acl "$user" "Read Describe" ${ALL_TOPICS/dead-letters/} "${own[@]}"
  fi
  echo "  $user: writes ${own[*]}"
done
echo "done"
