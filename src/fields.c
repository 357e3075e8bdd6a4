/* fields.c: the indexed fields of a letter (see fields.h). */
#include "fields.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name, *code; } states[] = {
	{"Alabama", "AL"}, {"Alaska", "AK"}, {"Arizona", "AZ"}, {"Arkansas", "AR"}, {"California", "CA"},
	{"Colorado", "CO"}, {"Connecticut", "CT"}, {"Delaware", "DE"}, {"District of Columbia", "DC"},
	{"Florida", "FL"}, {"Georgia", "GA"}, {"Hawaii", "HI"}, {"Idaho", "ID"}, {"Illinois", "IL"},
	{"Indiana", "IN"}, {"Iowa", "IA"}, {"Kansas", "KS"}, {"Kentucky", "KY"}, {"Louisiana", "LA"},
	{"Maine", "ME"}, {"Maryland", "MD"}, {"Massachusetts", "MA"}, {"Michigan", "MI"}, {"Minnesota", "MN"},
	{"Mississippi", "MS"}, {"Missouri", "MO"}, {"Montana", "MT"}, {"Nebraska", "NE"}, {"Nevada", "NV"},
	{"New Hampshire", "NH"}, {"New Jersey", "NJ"}, {"New Mexico", "NM"}, {"New York", "NY"},
	{"North Carolina", "NC"}, {"North Dakota", "ND"}, {"Ohio", "OH"}, {"Oklahoma", "OK"}, {"Oregon", "OR"},
	{"Pennsylvania", "PA"}, {"Rhode Island", "RI"}, {"South Carolina", "SC"}, {"South Dakota", "SD"},
	{"Tennessee", "TN"}, {"Texas", "TX"}, {"Utah", "UT"}, {"Vermont", "VT"}, {"Virginia", "VA"},
	{"Washington", "WA"}, {"West Virginia", "WV"}, {"Wisconsin", "WI"}, {"Wyoming", "WY"},
};

const char *state_code(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strlen(states[i].name) == len && strncasecmp(states[i].name, name, len) == 0)
			return states[i].code;
	return NULL;
}

int us_date_to_iso(const char *text, size_t len, char out[11])
{
	unsigned month, day, year;
	char extra;
	char buf[16];
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (sscanf(buf, "%2u/%2u/%4u%c", &month, &day, &year, &extra) != 3 || month < 1 || month > 12 || day < 1)
		return -1;
	static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (day > days[month - 1] + (month == 2 && leap))
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", year % 10000, month % 100, day % 100);
	return 0;
}

/* The text of a field's value: a VALUE node, or the lines of a PARAGRAPH joined by single spaces. */
static char *field_text(const struct node *field, struct arena *arena)
{
	const struct node *value = field->first ? field->first->next : NULL;
	if (!value)
		return arena_strndup(arena, "", 0);
	if (value->kind == NODE_VALUE)
		return arena_strndup(arena, value->text, value->text_len);
	struct buffer buf = {0};
	for (const struct node *line = value->first; line; line = line->next) {
		if (buf.len)
			buffer_addc(&buf, ' ');
		buffer_add(&buf, line->text, line->text_len);
	}
	char *s = arena_strndup(arena, buf.data ? buf.data : "", buf.len);
	buffer_free(&buf);
	return s;
}

/* Splits a comma-separated list ("Arizona, California", "Texas,Ohio") into trimmed, non-empty parts. */
static const char **split_list(char *text, struct arena *arena, size_t *count)
{
	size_t n = 1;
	for (const char *p = text; *p; p++)
		n += *p == ',';
	const char **parts = arena_alloc(arena, n * sizeof *parts);
	*count = 0;
	for (char *part = text, *comma; part; part = comma) {
		comma = strchr(part, ',');
		if (comma)
			*comma++ = '\0';
		while (*part == ' ')
			part++;
		size_t len = strlen(part);
		while (len > 0 && part[len - 1] == ' ')
			part[--len] = '\0';
		if (len)
			parts[(*count)++] = part;
	}
	return parts;
}

static void header_field(const struct node *field, const struct text *text, struct arena *arena,
			 struct fields *out, struct diagnostics *d)
{
	const struct node *value = field->first->next;
	char *dest = NULL;
	switch ((enum field)field->sub) {
	case FIELD_CASE_NUMBER:
		out->case_number = field_text(field, arena);
		return;
	case FIELD_PRIORITY:
		out->priority = value->text[0] == 'S' ? "standard" : "expedited";
		return;
	case FIELD_ASSIGNED: dest = out->assigned; break;
	case FIELD_DECIDED: dest = out->decided; break;
	case FIELD_UR_DENIED: dest = out->ur_denied; break;
	case FIELD_RECEIVED: dest = out->received; break;
	case FIELD_INJURED: dest = out->injured; break;
	default: return;
	}
	if (us_date_to_iso(value->text, value->text_len, dest) != 0) {
		dest[0] = '\0';
		diag_at(d, SEVERITY_WARNING, text->origin[value->span.start], "'%s' is not a real date: left out",
			value->text);
	}
}

static void credentials(const struct node *creds, const struct text *text, struct arena *arena,
			struct fields *out, struct diagnostics *d)
{
	for (const struct node *f = creds->first; f; f = f->next) {
		if (f->kind != NODE_FIELD)
			continue;
		size_t count;
		const char **parts = split_list(field_text(f, arena), arena, &count);
		if (f->sub == FIELD_SPECIALTY) {
			out->specialties = parts;
			out->specialty_count = count;
			continue;
		}
		out->licensures = arena_alloc(arena, (count ? count : 1) * sizeof *out->licensures);
		out->licensure_count = count;
		for (size_t i = 0; i < count; i++) {
			out->licensures[i].name = parts[i];
			out->licensures[i].state = state_code(parts[i], strlen(parts[i]));
			if (!out->licensures[i].state)
				diag_at(d, SEVERITY_WARNING, text->origin[f->first->next->span.start],
					"'%s' is not a US state: licensure kept without a state code", parts[i]);
		}
	}
}

void fields_extract(const struct node *letter, const struct text *text, struct arena *arena,
		    struct fields *out, struct diagnostics *d)
{
	memset(out, 0, sizeof *out);
	const struct node *header = node_child(letter, NODE_CASE_HEADER);
	for (const struct node *f = header ? header->first : NULL; f; f = f->next)
		header_field(f, text, arena, out, d);
	const struct node *how = node_child(letter, NODE_HOW_MADE);
	const struct node *creds = how ? node_child(how, NODE_CREDENTIALS) : NULL;
	if (creds)
		credentials(creds, text, arena, out, d);
}
