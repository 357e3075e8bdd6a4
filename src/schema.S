/* schema.S: embeds schemas/imrc.xsd in the binary as imrc_schema_start .. imrc_schema_end. */
	.section .rodata
	.global imrc_schema_start
	.global imrc_schema_end
imrc_schema_start:
	.incbin SCHEMA_PATH
imrc_schema_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
