/* SPDX-License-Identifier: GPL-3.0-or-later */
/* embed.S: data files embedded in the binary, each between a _start and an _end symbol (a NUL follows):
 * the XML schema (schemas/imrc.xsd), the citation vocabulary (grammar/citations.vocab) and the words of
 * verdicts (grammar/verdicts.vocab), of diagnoses (grammar/diagnoses.vocab), of drugs (grammar/drugs.vocab) and
 * of services (grammar/services.vocab). Paths are from the top of the
 * repository, where make runs. */
	.section .rodata
	.global imrc_schema_start, imrc_schema_end, imrc_vocab_start, imrc_vocab_end
	.global imrc_verdicts_start, imrc_verdicts_end, imrc_diagnoses_start, imrc_diagnoses_end
imrc_schema_start:
	.incbin SCHEMA_PATH
imrc_schema_end:
	.byte 0
imrc_vocab_start:
	.incbin VOCAB_PATH
imrc_vocab_end:
	.byte 0
imrc_verdicts_start:
	.incbin "grammar/verdicts.vocab"
imrc_verdicts_end:
	.byte 0
imrc_diagnoses_start:
	.incbin "grammar/diagnoses.vocab"
imrc_diagnoses_end:
	.byte 0
	.global imrc_drugs_start, imrc_drugs_end, imrc_services_start, imrc_services_end
imrc_drugs_start:
	.incbin "grammar/drugs.vocab"
imrc_drugs_end:
	.byte 0
imrc_services_start:
	.incbin "grammar/services.vocab"
imrc_services_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
