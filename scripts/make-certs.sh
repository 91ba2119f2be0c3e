#!/usr/bin/env bash
# Makes everything docker-compose.yml needs to run Kafka with TLS and SASL (docs/security-transport.md):
#
#   ca.pem, ca.key                     a private certificate authority (ca.key never leaves this folder)
#   kafka-N.p12, kafka-N.password      each broker's key and certificate (PKCS12, for the
#                                      apache/kafka image) and the store's password; the
#                                      certificate names kafka-N and localhost, its CN (kafka-N)
#                                      is the broker's principal between brokers (mTLS)
#   kafka-N.client.properties          the broker's own TLS client settings (its health check) and
#                                      the store's password, which the broker reads from it too
#                                      (Kafka's FileConfigProvider: no password in docker-compose.yml)
#   admin.pem, admin.properties        the admin client (CN=admin, a super user) for scripts/kafka-security.sh
#   clients/<user>.pem, .key,          a client certificate for every worker (mTLS on port 9096, the
#     .key-password                    CN is the user, so the same ACLs apply); the key is encrypted
#   passwords/<user>                   a SCRAM-SHA-512 password for every worker (onepoint-<worker>),
#                                      the topic creator (onepoint-topics) and every unit of
#                                      config/topology.yaml (unit-<id>, e.g. unit-gd-gz)
#
# Usage: scripts/make-certs.sh [DIR]      (default DIR: tls; refuses to overwrite an existing DIR)
#
# DIR is 0700 and every file in it 0600 (certificates 0644). Run as root (sudo), the files each
# container reads are given to that container's user (apache/kafka's appuser, uid 1000, for the
# broker files; the onepoint image's user, uid 10001, for the SCRAM passwords and client
# certificates) and stay 0600. The admin files stay this user's: the kafka-security service runs
# as root. Run as another user, those files must be
# readable by the containers' users, so they are made 0644 inside the 0700 folder, and the workers
# warn at start that their password file can be read by other users; docs/security-transport.md.
set -euo pipefail

dir="${1:-tls}"
days="${ONEPOINT_CERT_DAYS:-825}"
kafka_uid=1000     # appuser in apache/kafka:3.8.0
onepoint_uid=10001 # onepoint in ./Dockerfile
brokers=(kafka-1 kafka-2 kafka-3)
workers=(onepoint-provisioning onepoint-fault onepoint-cutover onepoint-reporting)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
topology="$here/config/topology.yaml"

if ! command -v openssl >/dev/null 2>&1; then
  "$here/scripts/ensure-deps.sh" openssl
fi
if [ -e "$dir" ]; then
  echo "error: $dir exists; remove it first (rm -r $dir) to make new keys, or pass another folder" >&2
  exit 1
fi
if [ ! -r "$topology" ]; then
  echo "error: cannot read $topology (the units get one SCRAM user each)" >&2
  exit 1
fi

umask 077
mkdir -p "$dir/clients" "$dir/passwords"
chmod 700 "$dir"
cd "$dir"
ca_dir="$(pwd)"

# A random password of letters and digits (no character that Kafka's config syntax or a shell treats specially).
password() { openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | head -c 32; }

echo "certificate authority"
openssl req -x509 -new -nodes -newkey rsa:3072 -sha256 -days "$days" \
  -subj "/O=OnePoint/CN=OnePoint Kafka CA" -keyout ca.key -out ca.pem 2>/dev/null

# sign NAME SUBJECT_ALT_NAMES KEY_USAGE: NAME.key (unencrypted, PKCS#8) and NAME.pem signed by the CA.
sign() {
  local name="$1" sans="$2" usage="$3"
  openssl req -new -nodes -newkey rsa:2048 -sha256 -subj "/O=OnePoint/CN=$name" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n%s' \
    "$usage" "${sans:+subjectAltName=$sans}" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$ca_dir/ca.pem" -CAkey "$ca_dir/ca.key" -CAserial "$ca_dir/ca.srl" -CAcreateserial \
    -days "$days" -sha256 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

for broker in "${brokers[@]}"; do
  echo "broker $broker"
  sign "$broker" "DNS:$broker,DNS:localhost,IP:127.0.0.1" "serverAuth,clientAuth"
  password > "$broker.password"
  openssl pkcs12 -export -name "$broker" -in "$broker.pem" -inkey "$broker.key" -certfile ca.pem \
    -passout "file:$broker.password" -out "$broker.p12"
  rm -f "$broker.key"
  cat > "$broker.client.properties" <<EOF
security.protocol=SSL
ssl.truststore.type=PEM
ssl.truststore.location=/etc/kafka/secrets/ca.pem
ssl.keystore.type=PKCS12
ssl.keystore.location=/etc/kafka/secrets/broker.p12
ssl.keystore.password=$(cat "$broker.password")
EOF
done

echo "admin client"
sign admin "" "clientAuth"
mv admin.pem admin.crt
cat admin.key admin.crt > admin.pem  # the PEM key store of Kafka's tools: key, then certificate
rm -f admin.key
cat > admin.properties <<'EOF'
security.protocol=SSL
ssl.truststore.type=PEM
ssl.truststore.location=/etc/kafka/secrets/ca.pem
ssl.keystore.type=PEM
ssl.keystore.location=/etc/kafka/secrets/admin.pem
EOF

units=()
while IFS= read -r unit; do units+=("$unit"); done < <(sed -n 's/.*{ *id: *\([A-Z][A-Z0-9-]*\),.*/\1/p' "$topology")
if [ ${#units[@]} -eq 0 ]; then
  echo "error: no units found in $topology" >&2
  exit 1
fi

echo "SCRAM passwords: ${#workers[@]} workers, onepoint-topics, ${#units[@]} units"
for user in "${workers[@]}" onepoint-topics; do password > "passwords/$user"; done
for unit in "${units[@]}"; do password > "passwords/unit-$(echo "$unit" | tr '[:upper:]' '[:lower:]')"; done

echo "client certificates for mTLS"
for user in "${workers[@]}"; do
  (
    cd clients
    sign "$user" "" "clientAuth"
    password > "$user.key-password"
    openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$user.key" -passout "file:$user.key-password" -out "$user.key.enc"
    mv "$user.key.enc" "$user.key"
  )
done
rm -f ca.srl

chmod 600 ./*.* passwords/* clients/*
chmod 644 ca.pem ./kafka-*.pem admin.crt clients/*.pem
chmod 700 passwords clients

if [ "$(id -u)" -eq 0 ]; then
  chown "$kafka_uid" ./kafka-*.p12 ./kafka-*.password ./kafka-*.client.properties
  chown "$onepoint_uid" passwords/* clients/*
  chmod 755 passwords clients
  echo "files owned by the containers' users (kafka: $kafka_uid, onepoint: $onepoint_uid), 0600"
else
  # The containers run as other users than this one: they can read these only if everyone can.
  # The folder $dir stays 0700, so on this machine only this user reaches them.
  chmod 644 ./kafka-*.p12 ./kafka-*.password ./kafka-*.client.properties passwords/* clients/*
  chmod 755 passwords clients
  echo "not root: the files containers read are 0644 inside the 0700 folder $dir (run with sudo for 0600 files owned by the containers' users)"
fi
echo "made $(pwd): CA, ${#brokers[@]} brokers, admin, ${#workers[@]} client certificates, $(find passwords -type f | wc -l) SCRAM passwords"
