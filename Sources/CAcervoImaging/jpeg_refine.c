/*
 * Progressive JPEG refinement scans, decoded faster than libjpeg-turbo's generic routine.
 *
 * Why: in a progressive JPEG, the scans that add one more bit of precision to coefficients already
 * seen ("AC refinement", Ah > 0) take two thirds of libjpeg-turbo 2.1's whole decode of a 24 MP
 * photo. Its routine steps through every coefficient of every block, one correction bit at a time,
 * with a branch on each coefficient's value and on each bit. (Only removing the branches made it
 * slower: the number of steps is the cost, so this routine takes whole runs of coefficients at once.)
 *
 * How: everything else stays libjpeg-turbo's (markers, Huffman tables, the other scan kinds, the
 * coefficient buffer, IDCT, upsampling, colour). Through the module interface of <jpegint.h>
 * (installed by libjpeg62-turbo-dev), the start of each scan is wrapped: libjpeg validates
 * the scan and picks its routine, and when that is an AC refinement scan without restart markers the
 * routine below replaces it for that scan. It decodes the same bits into the same coefficients, with
 * a 64-bit left-aligned bit buffer and 64-bit masks of each block's coefficients (below). A test
 * compares every coefficient of whole images against libjpeg's own routine.
 *
 * It reads the source with libjpeg's own conventions: a marker stops the data (and is left in
 * `unread_marker` for libjpeg's marker reader), data that runs out gives zero bits and one
 * JWRN_HIT_MARKER warning, and a code that is not in the table gives JWRN_HUFF_BAD_CODE.
 */
#include "imaging_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <jpegint.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Zigzag position to natural position, with 16 spare entries as libjpeg has: a corrupt run may step
 * one past the band's end before it stops. */
static const uint8_t natural_order[DCTSIZE2 + 16] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63,
    63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
};

static acervo_imaging_jpeg_refine *refine_state(j_decompress_ptr cinfo) {
    return (acervo_imaging_jpeg_refine *)cinfo->client_data;
}

/* Builds the look-up table and canonical limits of one AC table; 0 when the table is not valid. */
static int refine_build_table(acervo_imaging_jpeg_refine *st, const JHUFF_TBL *table) {
    if (table == NULL) return 0;
    memset(st->lookup, 0, sizeof(st->lookup));
    int count = 0;
    for (int length = 1; length <= 16; length++) count += table->bits[length];
    if (count > 256) return 0;
    memcpy(st->values, table->huffval, (size_t)count);
    unsigned int code = 0;
    int index = 0;
    for (int length = 1; length <= 16; length++) {
        int n = table->bits[length];
        st->valoffset[length] = index - (int)code;
        if (n == 0) {
            st->maxcode[length] = -1;
        } else {
            /* Canonical codes of one length must fit in that many bits. */
            if (code + (unsigned)n > (1u << length)) return 0;
            if (length <= IMAGING_REFINE_LOOKUP_BITS) {
                for (int i = 0; i < n; i++) {
                    unsigned int first = (code + (unsigned)i) << (IMAGING_REFINE_LOOKUP_BITS - length);
                    unsigned int span = 1u << (IMAGING_REFINE_LOOKUP_BITS - length);
                    uint16_t entry = (uint16_t)((length << 8) | table->huffval[index + i]);
                    for (unsigned int j = 0; j < span; j++) st->lookup[first + j] = entry;
                }
            }
            code += (unsigned)n;
            st->maxcode[length] = (int32_t)code - 1;
        }
        index += n;
        code <<= 1;
    }
    st->maxcode[17] = INT32_MAX; /* stops the walk: a code longer than 16 bits is never valid */
    return 1;
}

/* Where the decoder is in the source, held in registers between the source manager's refills. */
typedef struct refine_cursor {
    const JOCTET *in;
    size_t avail;
    int ended; /* the scan's data has stopped at a marker (or the source could give no more) */
} refine_cursor;

/* One more byte from the source, through its fill_input_buffer when the buffer is empty; -1 when none. */
static int refine_byte(j_decompress_ptr cinfo, refine_cursor *cur) {
    if (cur->avail == 0) {
        struct jpeg_source_mgr *src = cinfo->src;
        src->next_input_byte = cur->in;
        src->bytes_in_buffer = 0;
        if (!(*src->fill_input_buffer)(cinfo)) return -1;
        cur->in = src->next_input_byte;
        cur->avail = src->bytes_in_buffer;
        if (cur->avail == 0) return -1;
    }
    cur->avail--;
    return *cur->in++;
}

/*
 * Tops up the bit buffer from the source, a byte at a time, until it holds at least 56 bits (never
 * 64, for refine_refill's sake), or stops for good at a marker. After that the bits below the valid
 * ones read as zeros, as libjpeg's do; `nbits` then goes below zero by the zero bits taken, which the
 * end of the block turns into libjpeg's warning.
 */
static void refine_fill(j_decompress_ptr cinfo, refine_cursor *cur, uint64_t *acc, int *nbits) {
    if (cur->ended) return;
    uint64_t a = *acc;
    int n = *nbits;
    while (n <= 55) {
        int c = refine_byte(cinfo, cur);
        if (c == 0xFF) {
            /* 0xFF 0x00 is a data byte; 0xFF 0xFF... is fill before a marker; anything else is one. */
            do c = refine_byte(cinfo, cur);
            while (c == 0xFF);
            if (c > 0) cinfo->unread_marker = c; /* libjpeg's marker reader takes it from here */
            if (c != 0) {
                cur->ended = 1;
                break;
            }
            c = 0xFF;
        } else if (c < 0) {
            cur->ended = 1;
            break;
        }
        a |= (uint64_t)c << (56 - n);
        n += 8;
    }
    *acc = a;
    *nbits = n;
}

/* One Huffman symbol; the buffer must hold at least 16 bits. */
static inline int refine_symbol(j_decompress_ptr cinfo, const acervo_imaging_jpeg_refine *st, uint64_t *acc, int *nbits) {
    uint16_t entry = st->lookup[*acc >> (64 - IMAGING_REFINE_LOOKUP_BITS)];
    if (entry != 0) {
        int length = entry >> 8;
        *acc <<= length;
        *nbits -= length;
        return entry & 0xFF;
    }
    int length = IMAGING_REFINE_LOOKUP_BITS + 1;
    int32_t code = (int32_t)(*acc >> (64 - length));
    while (code > st->maxcode[length]) {
        length++;
        if (length > 16) {
            /* As libjpeg: 17 bits gone, and the symbol read as an end of band. */
            WARNMS(cinfo, JWRN_HUFF_BAD_CODE);
            *acc <<= 17;
            *nbits -= 17;
            return 0;
        }
        code = (int32_t)(*acc >> (64 - length));
    }
    *acc <<= length;
    *nbits -= length;
    return st->values[(st->valoffset[length] + code) & 0xFF];
}

/*
 * The block is handled through two 64-bit masks of zigzag positions instead of a walk over its
 * coefficients: `nz` has bit k set when coefficient k (zigzag) was already nonzero before this scan,
 * and `nzr` is the same mask bit-reversed (zigzag k at bit 63 - k). A run of r zero coefficients is
 * found with one PDEP on the zero mask; the correction bits owed by the nonzero coefficients it
 * passes are read in one go and spread over their positions with one PDEP on the reversed mask,
 * where the first bit read lands on the lowest zigzag position. Corrections are applied when the
 * block ends: they only ever touch coefficients that were nonzero before the scan, never the ones
 * this scan makes nonzero, so deferring them changes nothing.
 */
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define REFINE_FAST 1
#define REFINE_TARGET __attribute__((target("bmi,bmi2,popcnt")))

/* Mask of zigzag positions >= k, reversed (bits 63 - k down to 0); empty for k >= 64. */
REFINE_TARGET static inline uint64_t from_reversed(int k) { return k >= 64 ? 0 : ~0ull >> k; }

/* Takes n bits (0...32) off the top of the buffer, refilling first when it holds fewer. */
REFINE_TARGET static inline uint64_t refine_bits(j_decompress_ptr cinfo, refine_cursor *cur, uint64_t *acc,
                                                 int *nbits, int n) {
    if (*nbits < n) refine_fill(cinfo, cur, acc, nbits);
    uint64_t value = (*acc >> 1) >> (63 - n); /* n == 0 gives 0 without a shift by 64 */
    *acc <<= n;
    *nbits -= n;
    return value;
}

/*
 * Tops up the bit buffer before each symbol without a branch on how full it is: eight bytes are
 * loaded at once and as many whole ones as fit are taken. Bits past those land in the buffer too;
 * they are the bytes that come next, so later fills OR the same values over them. The slow path runs
 * when the eight bytes hold a 0xFF (a stuffed byte or a marker: about one load in 30), near the end of
 * the source's buffer, and once the data has stopped.
 */
REFINE_TARGET __attribute__((always_inline)) static inline void refine_refill(j_decompress_ptr cinfo, refine_cursor *cur,
                                                                             uint64_t *acc, int *nbits) {
    if (cur->avail >= 8 && !cur->ended) {
        uint64_t next;
        memcpy(&next, cur->in, 8);
        next = __builtin_bswap64(next);
        uint64_t inverse = ~next; /* a 0xFF byte of `next` is a zero byte here */
        if (((inverse - 0x0101010101010101ull) & ~inverse & 0x8080808080808080ull) == 0) {
            int bytes = (63 - *nbits) >> 3;
            *acc |= next >> *nbits;
            cur->in += bytes;
            cur->avail -= (size_t)bytes;
            *nbits += 8 * bytes;
            return;
        }
    }
    if (*nbits < 32) refine_fill(cinfo, cur, acc, nbits);
}

/* Reads the correction bits of the `count` nonzero coefficients in `owed` (reversed mask) into
 * `corrections`: one read and one PDEP in the usual case, whether or not any bit is owed. */
REFINE_TARGET __attribute__((always_inline)) static inline void refine_owed(j_decompress_ptr cinfo, refine_cursor *cur,
                                                                           uint64_t *acc, int *nbits, uint64_t owed,
                                                                           int count, uint64_t *corrections) {
    if (count <= 32) {
        *corrections |= _pdep_u64(refine_bits(cinfo, cur, acc, nbits, count), owed);
        return;
    }
    /* At most 32 bits per read: the positions of zigzag 0-31 first (the high half), then 32-63. */
    uint64_t high = owed & 0xFFFFFFFF00000000ull, low = owed & 0xFFFFFFFFull;
    *corrections |= _pdep_u64(refine_bits(cinfo, cur, acc, nbits, (int)_mm_popcnt_u64(high)), high);
    *corrections |= _pdep_u64(refine_bits(cinfo, cur, acc, nbits, (int)_mm_popcnt_u64(low)), low);
}

/* For byte j of a block's natural-order nonzero mask, the same coefficients as a reversed zigzag mask. */
static uint64_t reversed_zigzag[8][256];

static void refine_build_masks(void) {
    uint8_t zigzag_of[DCTSIZE2];
    for (int z = 0; z < DCTSIZE2; z++) zigzag_of[natural_order[z]] = (uint8_t)z;
    for (int j = 0; j < 8; j++)
        for (int byte = 0; byte < 256; byte++) {
            uint64_t mask = 0;
            for (int i = 0; i < 8; i++)
                if (byte & (1 << i)) mask |= 1ull << (63 - zigzag_of[8 * j + i]);
            reversed_zigzag[j][byte] = mask;
        }
}

/* The block's nonzero coefficients as a reversed zigzag mask: SSE2 compares, then eight look-ups. */
REFINE_TARGET static inline uint64_t refine_nonzero(const JCOEF *block) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i *rows = (const __m128i *)(const void *)block;
    uint64_t zeros = 0;
    for (int i = 0; i < 4; i++) {
        __m128i a = _mm_cmpeq_epi16(_mm_loadu_si128(rows + 2 * i), zero);
        __m128i b = _mm_cmpeq_epi16(_mm_loadu_si128(rows + 2 * i + 1), zero);
        zeros |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_packs_epi16(a, b)) << (16 * i);
    }
    uint64_t natural = ~zeros, mask = 0;
    for (int j = 0; j < 8; j++) mask |= reversed_zigzag[j][(natural >> (8 * j)) & 0xFF];
    return mask;
}

/*
 * The last block of the scan is done. Whole bytes fetched and never used mean the scan's data went on
 * past its last block, a sign of corruption that libjpeg reports as extraneous bytes before the next
 * marker. This routine reads further ahead than libjpeg's, so it says so itself: through libjpeg's
 * count when the marker is still to be read (as libjpeg's restart handling does), or with libjpeg's
 * warning when it has already read it.
 */
static void refine_end_of_scan(j_decompress_ptr cinfo, acervo_imaging_jpeg_refine *st, int nbits) {
    if (nbits < 8) return;
    if (st->ended && cinfo->unread_marker != 0) {
        WARNMS2(cinfo, JWRN_EXTRANEOUS_DATA, nbits / 8, cinfo->unread_marker);
    } else {
        cinfo->marker->discarded_bytes += (unsigned int)(nbits / 8);
    }
}

REFINE_TARGET static boolean refine_decode_mcu(j_decompress_ptr cinfo, JBLOCKROW *MCU_data) {
    acervo_imaging_jpeg_refine *st = refine_state(cinfo);
    if (cinfo->entropy->insufficient_data) {
        if (--st->blocks_left == 0) refine_end_of_scan(cinfo, st, 0);
        return TRUE;
    }

    JCOEF *block = MCU_data[0][0];
    const int Ss = st->Ss, Se = st->Se, p1 = st->p1, m1 = st->m1;
    uint64_t acc = st->acc;
    int nbits = st->nbits;
    unsigned int eobrun = st->eobrun;
    struct jpeg_source_mgr *src = cinfo->src;
    refine_cursor cur = {src->next_input_byte, src->bytes_in_buffer, st->ended};

    const uint64_t band = (Se == 63 ? ~0ull : (1ull << (Se + 1)) - 1) & ~((1ull << Ss) - 1);
    const uint64_t nzr = refine_nonzero(block) & __builtin_bitreverse64(band);
    const uint64_t nz = __builtin_bitreverse64(nzr);
    uint64_t corrections = 0; /* reversed, like nzr */
    int k = Ss;

    if (eobrun == 0) {
        while (k <= Se) {
            /* A code (16 bits, 17 when corrupt), a sign bit or an end-of-band length (14). */
            refine_refill(cinfo, &cur, &acc, &nbits);
            int s = refine_symbol(cinfo, st, &acc, &nbits);
            int r = s >> 4;
            s &= 15;
            if (s != 0) {
                if (s != 1) WARNMS(cinfo, JWRN_HUFF_BAD_CODE); /* a new coefficient is always ±1 at this bit */
                s = (acc >> 63) ? p1 : m1;
                acc <<= 1;
                nbits--;
            } else if (r != 15) {
                eobrun = 1u << r;
                if (r != 0) {
                    eobrun += (unsigned int)(acc >> (64 - r));
                    acc <<= r;
                    nbits -= r;
                }
                break; /* the rest of this block is the end-of-band run's */
            }
            /* The (r+1)th zero coefficient from k: where a new one goes, or where a run of 16 ends.
             * Past the band's end when there is none, as libjpeg's walk would step. */
            uint64_t zeros = ~nz & band & (~0ull << k);
            uint64_t at = _pdep_u64(1ull << r, zeros);
            int t, count;
            if (at != 0) {
                /* [k, t) holds exactly r zeros, so the rest are owed a bit: no popcount on the way to the
                 * next symbol, which waits for this count. */
                t = (int)_tzcnt_u64(at);
                count = t - k - r;
            } else {
                t = Se + 1;
                count = (int)_mm_popcnt_u64(nzr & from_reversed(k));
            }
            refine_owed(cinfo, &cur, &acc, &nbits, nzr & from_reversed(k) & ~from_reversed(t), count, &corrections);
            if (s != 0) block[natural_order[t]] = (JCOEF)s;
            k = t + 1;
        }
    }

    if (eobrun > 0) {
        /* Inside an end-of-band run: only correction bits, one per nonzero coefficient left in the band. */
        uint64_t owed = nzr & from_reversed(k);
        refine_owed(cinfo, &cur, &acc, &nbits, owed, (int)_mm_popcnt_u64(owed), &corrections);
        eobrun--;
    }

    /* A set correction bit moves the coefficient one step of p1 away from zero. */
    while (corrections != 0) {
        int zigzag = 63 - (int)_tzcnt_u64(corrections);
        corrections &= corrections - 1;
        JCOEF *coef = block + natural_order[zigzag];
        int v = *coef;
        if ((v & p1) == 0) *coef = (JCOEF)(v + (v >= 0 ? p1 : m1));
    }

    if (nbits < 0) {
        /* The block took bits the data did not have: libjpeg's warning, and the scan's other blocks are
         * left as they are. */
        WARNMS(cinfo, JWRN_HIT_MARKER);
        cinfo->entropy->insufficient_data = TRUE;
        nbits = 0;
        acc = 0;
    }
    src->next_input_byte = cur.in;
    src->bytes_in_buffer = cur.avail;
    st->ended = cur.ended;
    if (--st->blocks_left == 0) refine_end_of_scan(cinfo, st, nbits);
    st->acc = acc;
    st->nbits = nbits;
    st->eobrun = eobrun;
    return TRUE;
}
#endif

#if REFINE_FAST
/* libjpeg's start of a scan, then this file's routine in place of its own for AC refinement scans. */
static void refine_start_pass(j_decompress_ptr cinfo) {
    acervo_imaging_jpeg_refine *st = refine_state(cinfo);
    (*st->library_start_pass)(cinfo);
    /* Restart markers need libjpeg's private resynchronisation: those scans keep its routine. */
    if (cinfo->Ah == 0 || cinfo->Ss == 0 || cinfo->restart_interval != 0 || cinfo->comps_in_scan != 1) return;
    if (cinfo->Se >= DCTSIZE2 || cinfo->Ss > cinfo->Se || cinfo->Al > 13) return;
    const jpeg_component_info *component = cinfo->cur_comp_info[0];
    if (component == NULL || component->ac_tbl_no < 0 || component->ac_tbl_no >= NUM_HUFF_TBLS) return;
    if (!refine_build_table(st, cinfo->ac_huff_tbl_ptrs[component->ac_tbl_no])) return;
    st->Ss = cinfo->Ss;
    st->Se = cinfo->Se;
    st->p1 = 1 << cinfo->Al;
    st->m1 = (int)(~0u << cinfo->Al);
    st->acc = 0;
    st->nbits = 0;
    st->eobrun = 0;
    st->ended = 0;
    st->blocks_left = (unsigned long long)cinfo->MCUs_per_row * cinfo->MCU_rows_in_scan;
    cinfo->entropy->decode_mcu = refine_decode_mcu;
    st->scans++;
}

/* PDEP is one instruction on Intel since Haswell and on AMD since Zen 3; Zen 1 and 2 run it in
 * microcode, slower than libjpeg's own routine. ACERVO_JPEG_REFINE=libjpeg keeps libjpeg's routine
 * everywhere. Decided once per process: the progress monitor asks for every row of MCUs. */
static int refine_usable;
static pthread_once_t refine_once = PTHREAD_ONCE_INIT;

static void refine_setup(void) {
    const char *choice = getenv("ACERVO_JPEG_REFINE");
    if (choice != NULL && strcmp(choice, "libjpeg") == 0) return;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("bmi2") || !__builtin_cpu_supports("popcnt")) return;
    if (__builtin_cpu_is("amd") && (__builtin_cpu_is("znver1") || __builtin_cpu_is("znver2"))) return;
    refine_build_masks();
    refine_usable = 1;
}
#endif

int CAcervoImaging_jpeg_refine_in_use(void) {
#if REFINE_FAST
    pthread_once(&refine_once, refine_setup);
    return refine_usable;
#else
    return 0;
#endif
}

void acervo_imaging_jpeg_refine_attach(j_decompress_ptr cinfo) {
#if REFINE_FAST
    /* Only libjpeg's progressive Huffman decoder is wrapped, once its modules exist. */
    acervo_imaging_jpeg_refine *st = refine_state(cinfo);
    if (st == NULL || cinfo->entropy == NULL || !cinfo->progressive_mode || cinfo->arith_code) return;
    if (cinfo->entropy->start_pass == refine_start_pass) return;
    pthread_once(&refine_once, refine_setup);
    if (!refine_usable) return;
    st->library_start_pass = cinfo->entropy->start_pass;
    cinfo->entropy->start_pass = refine_start_pass;
#else
    (void)cinfo;
#endif
}
