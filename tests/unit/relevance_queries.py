"""Delegate queries and the provisions that must come first (checked against corpus/).

Each entry: (query, ids that must be among the first ``k`` hits, k). The provision named
is the one a delegate looking for that subject needs: the Vienna Declaration's own
commitment where there is one, the plan of action's chapter or measure that implements
it, the resolution the Commission recommended. Used by tests/unit/test_search_relevance.py
and benchmarks/bench_relevance.py (precision at 5).
"""

from __future__ import annotations

VD = "vienna-declaration/annex/"
POA = "plans-of-action/annex/"
DPOA = "draft-plans-of-action/"
C02 = "ccpcj-2002/chp_I/"
C14 = "ccpcj-2014/chp_I/"

QUERIES: list[tuple[str, tuple[str, ...], int]] = [
    # VD para. 28: "We encourage the development of restorative justice policies ..."
    ("restorative justice", (VD + "para_28", POA + "chp_XV/sec_A/para_47/subpara_h"), 10),
    # VD para. 18 and ECOSOC 2001/47 sect. XI: "high-technology and computer-related crime"
    ("cybercrime", (VD + "para_18", POA + "chp_XI", C02 + "sec_A/dres_IV/para_4/subpara_f"), 10),
    ("computer-related crime", (C02 + "sec_A/dres_IV/para_4/subpara_f",), 5),
    # POA sect. III.B para. 12 (a): technical cooperation against trafficking in persons
    ("trafficking in persons", (POA + "chp_III/sec_B/para_12/subpara_a",), 5),
    ("human trafficking", (POA + "chp_III/sec_B/para_12/subpara_a",), 5),
    # POA sect. IV.A para. 14: national actions against the smuggling of migrants
    ("smuggling of migrants", (POA + "chp_IV/sec_A/para_14/subpara_f",), 5),
    ("migrant smuggling", (POA + "chp_IV/sec_A/para_14/subpara_f",), 5),
    # POA sect. V.A para. 17 (b): records of firearms; VD para. 15 (firearms protocol)
    ("firearms", (POA + "chp_V/sec_A/para_17/subpara_b", VD + "para_15"), 10),
    ("illicit trafficking in firearms", (DPOA + "chp_VI/sec_B/para_54",), 5),
    # ECOSOC 2001/47 sect. VI, "Action against money-laundering"
    ("money-laundering", (POA + "chp_VI", C02 + "sec_A/dres_IV/para_4/subpara_g"), 10),
    ("money laundering", (POA + "chp_VI",), 10),
    # VD para. 16: "enhanced international action against corruption"
    ("corruption", (VD + "para_16", C02 + "sec_A/dres_IV/para_4/subpara_h"), 10),
    ("anticorruption", (POA + "chp_II/sec_A/para_8/subpara_b",), 5),
    # VD para. 19 (terrorism); POA sect. VII.A para. 23 (a) (sign and ratify)
    ("terrorism", (VD + "para_19", POA + "chp_VII/sec_A/para_23/subpara_a"), 10),
    ("terrorist financing", (C14 + "sec_D/res_23-3/p_4",), 5),
    # POA sect. XII.A para. 38 (c): "To strengthen juvenile justice systems"; VD para. 24
    ("juvenile justice", (POA + "chp_XII/sec_A/para_38/subpara_c", VD + "para_24"), 10),
    ("juvenile offenders", (POA + "chp_XII/sec_A/para_38/subpara_e",), 5),
    # VD para. 12 (the needs of women as criminal justice practitioners, victims, prisoners
    # and offenders); ccpcj-2014 draft res. II para. 16 (the Bangkok Rules)
    ("women prisoners", (C14 + "sec_A/dres_II/para_16", VD + "para_12"), 5),
    ("Bangkok Rules", (C14 + "sec_A/dres_II/para_16",), 5),
    ("Tokyo Rules", (C14 + "sec_A/dres_II/para_17",), 5),
    # ECOSOC 2001/47 sect. X, "Action on prison overcrowding and alternatives to incarceration"
    ("prison overcrowding", (POA + "chp_X", C02 + "sec_B/dres_IV/chp_II/p_2"), 5),
    ("alternatives to imprisonment", (POA + "chp_X/sec_A/para_32/subpara_a",), 5),
    ("prison conditions", (POA + "chp_X/sec_B/para_33/subpara_c",), 5),
    # VD para. 27 (victim support, funds for victims); POA sect. IX.B para. 30 (b)
    ("funds for victims", (POA + "chp_IX/sec_B/para_30/subpara_b", VD + "para_27"), 5),
    ("victims of crime", (POA + "chp_IX/sec_B/para_30/subpara_b", VD + "para_27"), 10),
    ("witness protection", (DPOA + "chp_X/sec_A/para_79/subpara_d", VD + "para_27"), 10),
    # ccpcj-2014 draft res. VI, guidelines on cultural property, sect. III.C "Extradition"
    ("extradition", (C14 + "sec_A/dres_VI/annex/chp_III/sec_C/guideline_37",), 5),
    ("mutual legal assistance", (VD + "para_15", DPOA + "chp_VI/sec_A/para_53/subpara_a"), 10),
    ("cultural property", (C14 + "sec_A/dres_VI/annex/chp_II/sec_B/guideline_15",), 5),
    # ccpcj-2014 draft res. IV, model strategies on violence against children, para. 27 (g) (i)
    (
        "violence against children",
        (C14 + "sec_A/dres_IV/annex/part_two/chp_IX/para_27/subpara_g/item_i",),
        5,
    ),
    # ccpcj-2014 res. 23/2 on trafficking in human organs and for organ removal
    ("organ removal", (C14 + "sec_D/res_23-2/para_1",), 5),
    ("kidnapping", (C02 + "sec_B/dres_V/para_3",), 5),
    # VD para. 22 and ECOSOC 2001/47 sect. XIV, "Action on standards and norms"
    ("standards and norms", (POA + "chp_XIV", VD + "para_22"), 10),
    ("technical assistance", (VD + "para_6",), 5),
    ("Trafficking in Persons Protocol", (DPOA + "chp_V/sec_C/obj_2/sec_1/para_44/subpara_a",), 5),
    ("community involvement in crime prevention", (C02 + "sec_B/dres_II/annex/chp_II/para_5",), 5),
    ("Eleventh Congress", (C02 + "sec_A/dres_IV/para_2",), 5),
    ("penal reform", (C02 + "sec_B/dres_IV/chp_II",), 5),
    ("nongovernmental organizations", (POA + "chp_I/sec_B/para_4/subpara_a",), 5),
]
