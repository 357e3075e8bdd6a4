/* SPDX-License-Identifier: GPL-3.0-or-later */
/* request_marks.h: the markup of a request heading (SPEC section 7): the portions of a modified request (the one
 * decided carries reviewed="true"), sides and body regions, spinal levels, quantities, frequencies (with the total
 * a request gives), drug strengths, CPT codes, dates of service, and whether the request is retrospective. The
 * words and patterns are declared in grammar/request.l (the number words in grammar/numbers.l); this module puts
 * their tokens together. */
#ifndef IMRC_REQUEST_MARKS_H
#define IMRC_REQUEST_MARKS_H

#include <stddef.h>

#include "ast.h"
#include "marks.h"

/* The tokens of grammar/request.l. */
enum request_token {
	REQ_END,                   /* the end of the text */
	REQ_ORIGINAL_END,          /* " was the original request." */
	REQ_AUTHORIZED_END,        /* " was authorized by the Claims Administrator." */
	REQ_REMAINING_START,       /* "The remaining IMR eligible portion of the original request, " */
	REQ_CA_AUTHORIZED,         /* "The Claims Administrator authorized " */
	REQ_LEAVING,               /* ", leaving the original request IMR eligible." */
	REQ_ORIGINAL_START,        /* "The original request, " */
	REQ_IS_END,                /* " is" at the end of the text */
	REQ_LEFT, REQ_RIGHT, REQ_BILATERAL,            /* a side */
	REQ_REGION_LEFT, REQ_REGION_RIGHT, REQ_REGION_BILATERAL, /* a region with its side ("RUE") */
	REQ_PAIRED,                /* a region of which there are two ("shoulder") */
	REQ_MIDLINE,               /* a region on the midline ("lumbar spine") */
	REQ_DEVICE,                /* a device named for a body part ("knee scooter"): no region */
	REQ_LEVEL,                 /* a range of spinal levels ("L5-S1") */
	REQ_LEVEL1,                /* one spinal level ("L5"), a level only after a side */
	REQ_FREQUENCY,
	REQ_FREQUENCY_TOTAL,       /* a frequency and, in parentheses at its end, the total it makes */
	REQ_QUANTITY,
	REQ_STRENGTH,
	REQ_CPT,
	REQ_DOS,                   /* "DOS", "date of service:" before a date */
	REQ_PER,                   /* "per " before a date and "order" */
	REQ_ORDER,                 /* "order" */
	REQ_RETROSPECTIVE,         /* "Retrospective", "Retro" */
	REQ_JOIN,                  /* what joins the items of a list: a blank, ", ", " and ", "/" */
	REQ_WORD,                  /* any other word or number */
	REQ_OTHER,                 /* any other character */
};

/* The scanner's position: the current token is [start, end) of the text. */
struct request_scan {
	size_t start, end;
};

/* Starts a scan in grammar/request.l's initial start condition. */
void request_begin(void *scanner);

/* The scanner of grammar/request.l and the memory it reuses from one request to the next: one per thread. */
struct request_scanner;
struct request_scanner *request_scanner_new(void);
void request_scanner_free(struct request_scanner *s);

/* Adds the marks of the request node request (its joined text text[0, len), NUL-terminated) to marks, which
 * hold its dates already, and sets the node's attributes (retrospective). */
void request_marks(struct request_scanner *s, struct node *request, const char *text, size_t len,
		   struct marks *marks);

#endif
