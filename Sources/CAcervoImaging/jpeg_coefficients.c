/* Reads a JPEG's coefficients, with or without Acervo's refinement decoder: the yardstick its tests use. */
#include "imaging_internal.h"
#include "jpeg_errors.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

static void coefficients_progress(j_common_ptr cinfo) { acervo_imaging_jpeg_refine_attach((j_decompress_ptr)cinfo); }

int CAcervoImaging_jpeg_coefficients(const char *path, int fast, CAcervoImaging_jpeg_coefficients_report *report) {
    struct jpeg_decompress_struct cinfo;
    acervo_jpeg_errors err;
    struct jpeg_progress_mgr progress;
    acervo_imaging_jpeg_refine refine;
    FILE *volatile file = NULL;

    memset(report, 0, sizeof(*report));
    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = acervo_jpeg_errors_init(&err, report->message, sizeof(report->message), 1);
    refine.scans = 0;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        if (file != NULL) fclose(file);
        report->fast_scans = refine.scans;
        report->warnings = err.warnings;
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    file = fopen(path, "rb");
    if (file == NULL) {
        snprintf(report->message, sizeof(report->message), "cannot open the file");
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_stdio_src(&cinfo, file);
    progress.progress_monitor = coefficients_progress;
    cinfo.progress = &progress;
    cinfo.client_data = fast ? &refine : NULL;
    jpeg_read_header(&cinfo, TRUE);
    jvirt_barray_ptr *arrays = jpeg_read_coefficients(&cinfo);

    unsigned long long digest = 0xcbf29ce484222325ull;
    for (int ci = 0; ci < cinfo.num_components; ci++) {
        const jpeg_component_info *component = &cinfo.comp_info[ci];
        for (JDIMENSION row = 0; row < component->height_in_blocks; row++) {
            JBLOCKARRAY blocks = (*cinfo.mem->access_virt_barray)((j_common_ptr)&cinfo, arrays[ci], row, 1, FALSE);
            const unsigned char *bytes = (const unsigned char *)blocks[0];
            size_t count = (size_t)component->width_in_blocks * sizeof(JBLOCK);
            for (size_t i = 0; i < count; i++) digest = (digest ^ bytes[i]) * 0x100000001b3ull;
        }
    }
    report->digest = digest;
    report->fast_scans = refine.scans;
    report->warnings = err.warnings;
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    fclose(file);
    return 0;
}
