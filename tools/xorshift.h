/* The random numbers of the offline cafe searches: xorshift64, seeded from the command line,
 * so that a seed always gives the same schedule on any machine. */
#ifndef KMBOT_XORSHIFT_H
#define KMBOT_XORSHIFT_H

static unsigned long long state;

static void seed_random(const char *seed) {
    state = (unsigned long long)atoll(seed) * 2654435761ULL + 88172645463325252ULL;
}

static unsigned rnd(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return (unsigned)(state >> 11);
}

#endif
