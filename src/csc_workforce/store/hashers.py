"""Password hashing: Argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane).

Django's default Argon2 settings use 100 MiB and 8 lanes, about 220 ms of CPU per sign-in on this project's
2-core machines; 50 people signing in at once then queue for seconds (perf/RESULTS.md). OWASP's
Password Storage Cheat Sheet gives m=19 MiB, t=2, p=1 as a recommended configuration. Hashes made with other
parameters are upgraded the next time their user signs in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # the same algorithm name, so existing hashes verify and are upgraded in place
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
