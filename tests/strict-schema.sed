# tests/strict-schema.sed: turns schemas/imrc.xsd into a schema that refuses the decision "Upheld" (an error at an
# element's start), wants a credentials block, which 2014 letters do not have (an error at an element's end),
# and declares no cpt element (JSON, whose types come from the schema, meets one it cannot place), for a test
# binary (make's $(BUILD)/imrc-strict) whose own output fails its schema: tests/run.sh checks that this is an
# internal error (exit 4) at the element's line in the letter, with nothing written.
s|<xs:element name="decisionText" type="DecisionText">|<xs:element name="decisionText" type="OverturnedOnly">|
s|</xs:schema>|  <xs:simpleType name="OverturnedOnly"><xs:restriction base="xs:string"><xs:enumeration value="Overturned"/></xs:restriction></xs:simpleType>\n</xs:schema>|
s|<xs:element name="credentials" type="Credentials" minOccurs="0"/>|<xs:element name="credentials" type="Credentials"/>|
/<xs:element name="cpt" type="Paragraph">/,/<\/xs:element>/d
