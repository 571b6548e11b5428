# JSON: encoding and decoding records with strings (some non-ASCII and escaped), ints,
# floats, nested lists and dicts, compact and indented output.
import json

records = []
for i in range(2000):
    records.append({
        "id": i,
        "name": f"user{i}",
        "email": f"user{i}@example.com",
        "score": i * 0.75 + 0.1,
        "active": i % 3 == 0,
        "tags": ["alpha", "beta", f"t{i % 17}"],
        "bio": "caf\u00e9 \"quoted\" line\nnext \u2603" if i % 5 == 0 else None,
        "history": [{"day": d, "value": (i * d) % 97} for d in range(5)],
    })

total = 0
for round_number in range(33):
    text = json.dumps(records)
    ascii_free = json.dumps(records, ensure_ascii=False, sort_keys=True)
    back = json.loads(text)
    again = json.loads(ascii_free)
    total += len(text) + len(ascii_free) + len(back) + sum(r["id"] for r in again)
pretty = json.dumps(records[:200], indent=2)
total += len(pretty) + len(json.loads(pretty))
print(total, back == records, again == records)
