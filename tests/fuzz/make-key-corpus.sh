#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes the seeds of fuzz_signedupdate and fuzz_trustkeys from the fixed test
# keys in keys/ (test data only): update lines signed by them (5.x and 4.x,
# Ed25519 and RSA-SHA1), and the key and trust list files the readers take.
# Needs openssl and python3. Rerun after changing it, and commit what it writes.
set -euo pipefail
cd "$(dirname "$0")"
signed=corpus/signedupdate
keys=corpus/trustkeys
rm -rf "$signed" "$keys"
mkdir -p "$signed" "$keys"

rsa_id=$(openssl dgst -sha1 -binary keys/rsa.pub | base64 -w0)
ed_raw=$(openssl pkey -pubin -in keys/ed25519.pub -outform DER | tail -c 32 | base64 -w0)
ed_id="ed25519:$(python3 -c 'import base64,hashlib,sys; print(base64.urlsafe_b64encode(hashlib.sha256(base64.b64decode(sys.argv[1])).digest()).decode().rstrip("="))' "$ed_raw")"

sign() { # KEY TEXT: base64 signature, RSA-SHA1 or Ed25519 by key
    if [ "$1" = keys/rsa.key ]; then
        printf '%s' "$2" | openssl dgst -sha1 -sign "$1" | base64 -w0
    else
        local message
        message=$(mktemp)
        printf '%s' "$2" >"$message"
        openssl pkeyutl -sign -inkey "$1" -rawin -in "$message" | base64 -w0
        rm -f "$message"
    fi
}
# NAME KEY ID TRX TS: a 5.x line; with a 4.x KEY,VALUE pair instead of TRX, a 4.x line.
line5() {
    local text="[$4,$5,\"$3\"]"
    printf '%s\n' "[$4,$5,\"$3\",\"$(sign "$2" "$text")\"]" >"$signed/$1"
}
line4() {
    local text="[$4,$5,\"$3\"]"
    printf '%s\n' "[$4,$5,\"$3\",\"$(sign "$2" "$text")\"]" >"$signed/$1"
}
line5 rsa-5x keys/rsa.key "$rsa_id" '["signed",{"by":"openssl"}]' 1700000000000
line5 ed25519-5x keys/ed25519.key "$ed_id" '["signed",[1,"two",null,true,{"deep":[[]]}]]' 1700000000000.5
line5 ed25519-5x-unicode keys/ed25519.key "$ed_id" '["h\u00e9llo",["\u2028","\ud83d\ude00","\"q\"\\"]]' 1700000000001
line5 ed25519-events keys/ed25519.key "$ed_id" '["join",{"who":"ann"}]' 1700000000002
line4 rsa-4x keys/rsa.key "$rsa_id" '"k4",[1,2]' 1700000000003
line4 ed25519-4x keys/ed25519.key "$ed_id" '"k4","four"' 1700000000004
# Signed by the other key than the source names, unsigned, from nobody we trust.
printf '%s\n' "[[\"x\",1],1700000000005,\"$ed_id\",\"$(sign keys/rsa.key "[[\"x\",1],1700000000005,\"$ed_id\"]")\"]" >"$signed/wrong-key"
printf '%s\n' "[[\"x\",1],1700000000006,\"$ed_id\"]" >"$signed/unsigned"
printf '%s\n' '[["x",1],1700000000007,"STRANGER","c2lnbmF0dXJl"]' >"$signed/stranger"

cp keys/ed25519.pub "$keys/ed25519-spki.pub"
cp keys/rsa.pub "$keys/rsa-spki.pub"
cp keys/rsa-pkcs1.pub "$keys/rsa-pkcs1.pub"
cp keys/ed25519.key "$keys/ed25519-pkcs8.key"
cp keys/rsa.key "$keys/rsa-pkcs1.key"
cp keys/ed25519-passphrase-fuzz.key "$keys/ed25519-encrypted.key"
python3 - "$keys/trust.json" keys/ed25519.pub keys/rsa.pub "$ed_id" "$rsa_id" <<'PY'
import json, sys
out, ed_pem, rsa_pem, ed_id, rsa_id = sys.argv[1:]
trust = {
    "keys": [
        {"id": ed_id, "name": "ed", "publicKey": open(ed_pem).read()},
        {"id": rsa_id, "name": "rsa", "publicKey": open(rsa_pem).read()},
    ],
    "certificates": [
        {"fingerprint": ":".join(["3A"] * 32), "name": "desk"},
    ],
}
open(out, "w").write(json.dumps(trust, indent=2) + "\n")
PY
# Found by fuzz_trustkeys: two pins of the same text that is not a fingerprint
# were both kept, upper-cased ("STRASSE"), and read back as one.
printf '%s\n' '{"keys": [], "certificates": [{"fingerprint": "straße"}, {"fingerprint": "straße"}]}' \
    > "$keys/bug-pins-of-any-text-read-back-as-one.json"
echo "corpus/signedupdate: $(ls "$signed" | wc -l) seeds, corpus/trustkeys: $(ls "$keys" | wc -l) seeds"
