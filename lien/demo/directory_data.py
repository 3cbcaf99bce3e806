"""The structures of the demo directory: real places of the Haute Vallée de l'Aude, of Bron and
of the Hainaut, with fictitious contact details (phones, e-mails, people)."""

SANTE = "sante--acces-aux-soins"
SEXUELLE = "sante--sante-sexuelle"
MENTALE = "sante--sante-mentale"
ADDICTIONS = "sante--addictions"
DROITS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
DEMARCHES = "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
ALIMENTATION = "equipement-et-alimentation--alimentation"
NUMERIQUE = "numerique--acceder-a-des-services-en-ligne"
MOBILITE = "mobilite--etre-accompagne-dans-son-parcours-mobilite"
MDPH = "sante--constituer-un-dossier-mdph-invalidite"


def S(key, name, insee, commune, postal, address, lat, lon, phone, hours, typology, **extra):
    """A structure: data·inclusion fields, then Lien's own (typology, languages, directions…)."""
    return {
        "key": key,
        "nom": name,
        "code_insee": insee,
        "commune": commune,
        "code_postal": postal,
        "adresse": address,
        "latitude": lat,
        "longitude": lon,
        "telephone": phone,
        "horaires_accueil": hours,
        "typology": typology,
        **extra,
    }


def V(name, description, thematics, *, fees="gratuit", ame=True, c2s=True, **extra):
    return {
        "nom": name,
        "description": description,
        "thematiques": thematics,
        "frais": fees,
        "ame": ame,
        "c2s": c2s,
        **extra,
    }


HVA = [
    (
        S(
            "pass-carcassonne",
            "PASS du Centre hospitalier de Carcassonne",
            "11069",
            "Carcassonne",
            "11000",
            "Route de Saint-Hilaire",
            43.1957,
            2.3357,
            "04 65 71 10 10",
            "Mo-Fr 09:00-12:30,13:30-16:30",
            "PASS",
            languages=["fr", "en", "es", "ar"],
            courriel="pass@ch-carcassonne.example.org",
            directions="Bus ligne 2, arrêt « Hôpital ». Entrée des consultations externes, rez-de-chaussée, "
            "suivre « PASS ». À 1 h de Quillan : prévoir le transport solidaire.",
            reseaux_porteurs=[],
        ),
        [
            V(
                "Consultation médicale sans couverture maladie",
                "Consultation de médecine générale et délivrance de médicaments pour les personnes sans "
                "droits ouverts ou en attente de droits. Une assistante sociale aide à ouvrir les droits.",
                [SANTE, DROITS],
                publics=["tous-publics"],
                modes_accueil=["en-presentiel"],
                modes_mobilisation=["telephoner", "se-presenter"],
                mobilisable_par=["usagers", "professionnels"],
            ),
        ],
    ),
    (
        S(
            "cegidd-carcassonne",
            "CeGIDD de l'Aude — site de Carcassonne",
            "11069",
            "Carcassonne",
            "11000",
            "Route de Saint-Hilaire",
            43.1961,
            2.3364,
            "04 65 71 10 20",
            "Mo,We 13:30-17:00; Fr 09:00-12:00",
            "CEGIDD",
            languages=["fr", "en"],
            directions="Même site que la PASS, bâtiment B, 1er étage.",
        ),
        [
            V(
                "Dépistage VIH, hépatites et IST",
                "Dépistage gratuit et anonyme du VIH, des hépatites B et C et des infections "
                "sexuellement transmissibles, avec ou sans rendez-vous. Traitement post-exposition.",
                [SEXUELLE],
                publics=["tous-publics"],
                modes_accueil=["en-presentiel"],
                modes_mobilisation=["telephoner", "se-presenter"],
            ),
            V(
                "Contraception et contraception d'urgence",
                "Consultation de contraception, contraception "
                "d'urgence et orientation vers l'IVG. Gratuit et confidentiel, y compris pour les mineures.",
                [SEXUELLE],
                publics=["femmes", "jeunes"],
            ),
        ],
    ),
    (
        S(
            "msp-quillan",
            "Maison de santé pluriprofessionnelle de Quillan",
            "11304",
            "Quillan",
            "11500",
            "Avenue de la Gare",
            42.8743,
            2.1842,
            "04 65 71 10 30",
            "Mo-Fr 08:00-19:00; Sa 08:00-12:00",
            "MSP",
            languages=["fr", "es"],
            directions="Parking devant la maison de santé. Plain-pied.",
        ),
        [
            V(
                "Médecin traitant : nouveaux patients",
                "Les médecins de la maison de santé acceptent de nouveaux "
                "patients sur liste d'attente, en priorité les personnes en affection de longue durée.",
                [SANTE],
                fees="payant",
                frais_precisions="Tiers payant intégral pour la C2S et l'AME.",
                modes_mobilisation=["telephoner"],
            ),
            V(
                "Infirmières Asalée : éducation thérapeutique",
                "Suivi du diabète et des maladies chroniques "
                "par les infirmières Asalée, en lien avec le médecin traitant.",
                [SANTE],
                fees="gratuit",
            ),
        ],
    ),
    (
        S(
            "cpam-aude-limoux",
            "Assurance Maladie de l'Aude — accueil de Limoux",
            "11206",
            "Limoux",
            "11300",
            "Place du Général Leclerc",
            43.0547,
            2.2186,
            "04 65 71 10 40",
            "Tu 09:00-12:00,13:30-16:00",
            "CPAM",
            reseaux_porteurs=["cpam"],
            courriel="accueil-limoux@cpam-aude.example.org",
        ),
        [
            V(
                "Ouverture de droits : PUMa, C2S, AME",
                "Accueil sur rendez-vous pour ouvrir ou renouveler les droits à l'assurance "
                "maladie, la complémentaire santé solidaire et l'aide médicale de l'État.",
                [DROITS, SANTE],
                modes_mobilisation=["telephoner", "utiliser-lien-mobilisation"],
                lien_mobilisation="https://rendez-vous.example.org/cpam-aude",
            ),
        ],
    ),
    (
        S(
            "cmp-limoux",
            "Centre médico-psychologique de Limoux",
            "11206",
            "Limoux",
            "11300",
            "Rue de la Mairie",
            43.0561,
            2.2172,
            "04 65 71 10 50",
            "Mo-Fr 09:00-17:00",
            "CMP",
            reseaux_porteurs=["cmp"],
        ),
        [
            V(
                "Consultations de psychiatrie et de psychologie adultes",
                "Consultations de psychiatre, de "
                "psychologue et suivi infirmier pour les adultes. Premier entretien infirmier sous 15 jours.",
                [MENTALE],
                publics=["tous-publics"],
            ),
        ],
    ),
    (
        S(
            "csapa-quillan",
            "CSAPA — permanence de Quillan",
            "11304",
            "Quillan",
            "11500",
            "Maison des services, 2 rue de la République",
            42.8757,
            2.1810,
            "04 65 71 10 60",
            "Th 14:00-17:00",
            "CSAPA",
            reseaux_porteurs=["csapa"],
        ),
        [
            V(
                "Accompagnement des addictions",
                "Consultation anonyme et gratuite pour les personnes en difficulté avec l'alcool, "
                "le tabac, le cannabis ou d'autres produits, et pour leur entourage.",
                [ADDICTIONS],
            ),
        ],
    ),
    (
        S(
            "france-services-couiza",
            "France services de Couiza",
            "11103",
            "Couiza",
            "11190",
            "Place de la Mairie",
            42.9433,
            2.2549,
            "04 65 71 10 70",
            "Mo-Th 09:00-12:00,13:30-17:00",
            "RFS",
            reseaux_porteurs=["france-service"],
        ),
        [
            V(
                "Aide aux démarches en ligne (ameli, CAF, impôts)",
                "Un conseiller aide à créer un compte "
                "ameli, à faire une demande de C2S en ligne, à imprimer et scanner des documents.",
                [NUMERIQUE, DEMARCHES],
                ame=None,
                c2s=None,
            ),
        ],
    ),
    (
        S(
            "restos-esperaza",
            "Restos du cœur d'Espéraza",
            "11129",
            "Espéraza",
            "11260",
            "Avenue de la Gare",
            42.9316,
            2.2193,
            "04 65 71 10 80",
            "Nov-Mar: Tu,Fr 09:00-11:30",
            "ASSO",
            reseaux_porteurs=["restos-du-coeur"],
        ),
        [
            V(
                "Distribution alimentaire",
                "Distribution de colis alimentaires pendant la campagne d'hiver, "
                "sur inscription. Permanence de la médiatrice en santé un vendredi par mois.",
                [ALIMENTATION],
                ame=None,
                c2s=None,
            ),
        ],
    ),
    (
        S(
            "ccas-quillan",
            "CCAS de Quillan",
            "11304",
            "Quillan",
            "11500",
            "Mairie, place de la République",
            42.8762,
            2.1833,
            "04 65 71 10 90",
            "Mo-Fr 08:30-12:00",
            "CCAS",
            reseaux_porteurs=["ccas-cias"],
        ),
        [
            V(
                "Aide sociale et domiciliation",
                "Aides facultatives, domiciliation administrative, aide à la "
                "constitution des dossiers MDPH et d'aide sociale.",
                [DEMARCHES, MDPH],
                ame=None,
                c2s=None,
            ),
        ],
    ),
    (
        S(
            "transport-axat",
            "Transport solidaire du Pays de Sault",
            "11021",
            "Axat",
            "11140",
            "",
            None,
            None,
            "04 65 71 11 00",
            "",
            "ASSO",
        ),
        [
            V(
                "Transport vers les rendez-vous médicaux",
                "Des bénévoles conduisent aux rendez-vous médicaux "
                "de Quillan, Limoux et Carcassonne. Réserver 3 jours avant.",
                [MOBILITE],
                fees="payant",
                frais_precisions="Participation aux frais de 0,30 € par kilomètre.",
                ame=None,
                c2s=None,
                zone_eligibilite=["11"],
            ),
        ],
    ),
]

BRON = [
    (
        S(
            "pass-edouard-herriot",
            "PASS de l'hôpital Édouard-Herriot",
            "69123",
            "Lyon",
            "69003",
            "5 place d'Arsonval",
            45.7418,
            4.8801,
            "04 65 71 20 10",
            "Mo-Fr 08:30-16:30",
            "PASS",
            languages=["fr", "en", "ar", "ro", "ru"],
            directions="Tram T2 ou métro D, arrêt « Grange Blanche », "
            "pavillon M, rez-de-chaussée. 15 minutes depuis Bron en tram.",
        ),
        [
            V(
                "Consultations et soins sans couverture",
                "Consultations de médecine générale, soins infirmiers, "
                "médicaments et accompagnement social vers l'ouverture des droits.",
                [SANTE, DROITS],
                publics=["tous-publics"],
            ),
        ],
    ),
    (
        S(
            "cegidd-lyon",
            "CeGIDD du Rhône — site Croix-Rousse",
            "69123",
            "Lyon",
            "69004",
            "103 grande rue de la Croix-Rousse",
            45.7796,
            4.8275,
            "04 65 71 20 20",
            "Mo-Fr 09:00-17:00; Sa 09:00-12:00",
            "CEGIDD",
            languages=["fr", "en"],
        ),
        [
            V(
                "Dépistage VIH, hépatites et IST",
                "Dépistage gratuit et anonyme, avec ou sans rendez-vous, et traitement des IST.",
                [SEXUELLE],
            )
        ],
    ),
    (
        S(
            "ccas-bron",
            "CCAS de Bron",
            "69029",
            "Bron",
            "69500",
            "Place de Weingarten",
            45.7386,
            4.9137,
            "04 65 71 20 30",
            "Mo-Fr 08:30-12:00,13:30-17:00",
            "CCAS",
            reseaux_porteurs=["ccas-cias"],
        ),
        [
            V(
                "Accueil social et domiciliation",
                "Accueil social, domiciliation, aides facultatives et "
                "instruction des demandes d'aide sociale.",
                [DEMARCHES],
                ame=None,
                c2s=None,
            )
        ],
    ),
    (
        S(
            "cpam-rhone-bron",
            "Assurance Maladie du Rhône — accueil de Bron",
            "69029",
            "Bron",
            "69500",
            "Avenue Franklin Roosevelt",
            45.7372,
            4.9121,
            "04 65 71 20 40",
            "Mo,We,Fr 08:30-12:00",
            "CPAM",
            reseaux_porteurs=["cpam"],
        ),
        [
            V(
                "Ouverture de droits : PUMa, C2S, AME",
                "Accueil sur rendez-vous pour l'ouverture et le "
                "renouvellement des droits, la carte Vitale et la déclaration de médecin traitant.",
                [DROITS, SANTE],
            )
        ],
    ),
    (
        S(
            "cmp-vinatier-bron",
            "CMP adultes de Bron (Le Vinatier)",
            "69029",
            "Bron",
            "69500",
            "95 boulevard Pinel",
            45.7455,
            4.8913,
            "04 65 71 20 50",
            "Mo-Fr 09:00-18:00",
            "CMP",
        ),
        [
            V(
                "Consultations de santé mentale adultes",
                "Premier accueil infirmier, consultations de "
                "psychiatre et de psychologue, sans avance de frais.",
                [MENTALE],
            )
        ],
    ),
    (
        S(
            "epicerie-bron",
            "Épicerie solidaire de Bron",
            "69029",
            "Bron",
            "69500",
            "Rue Marcel Bramet",
            45.7349,
            4.9185,
            "04 65 71 20 60",
            "Tu,Th 14:00-18:00",
            "ES",
        ),
        [
            V(
                "Épicerie solidaire",
                "Produits alimentaires et d'hygiène à 10 % du prix, sur orientation d'un travailleur social.",
                [ALIMENTATION],
                fees="payant",
                ame=None,
                c2s=None,
            )
        ],
    ),
    (
        S(
            "secours-populaire-venissieux",
            "Secours populaire de Vénissieux",
            "69259",
            "Vénissieux",
            "69200",
            "Avenue Jean Cagne",
            45.6970,
            4.8860,
            "04 65 71 20 70",
            "We 14:00-17:00",
            "ASSO",
            reseaux_porteurs=["secours-populaire"],
        ),
        [
            V(
                "Aide alimentaire et vestimentaire",
                "Colis alimentaires, vestiaire et accès aux vacances.",
                [ALIMENTATION],
                ame=None,
                c2s=None,
            )
        ],
    ),
]

HAINAUT = [
    (
        S(
            "cpam-hainaut-valenciennes",
            "CPAM du Hainaut — accueil de Valenciennes",
            "59606",
            "Valenciennes",
            "59300",
            "Rue du Rempart",
            50.3573,
            3.5234,
            "03 53 73 30 10",
            "Mo-Fr 08:30-16:30",
            "CPAM",
            reseaux_porteurs=["cpam"],
        ),
        [
            V(
                "Ouverture de droits : PUMa, C2S, AME",
                "Accueil avec ou sans rendez-vous : droits, C2S, AME, carte Vitale, indemnités journalières.",
                [DROITS, SANTE],
            ),
            V(
                "Mission accompagnement santé (MAS)",
                "Accompagnement des assurés qui renoncent aux soins : "
                "recherche de médecin traitant, aide financière, rendez-vous.",
                [SANTE],
            ),
        ],
    ),
    (
        S(
            "pass-valenciennes",
            "PASS du Centre hospitalier de Valenciennes",
            "59606",
            "Valenciennes",
            "59300",
            "Avenue Désandrouin",
            50.3650,
            3.5080,
            "03 53 73 30 20",
            "Mo-Fr 09:00-16:00",
            "PASS",
            languages=["fr", "en", "ar"],
        ),
        [
            V(
                "Consultations sans couverture maladie",
                "Consultation médicale, médicaments et accompagnement "
                "social pour les personnes sans droits ouverts.",
                [SANTE, DROITS],
            )
        ],
    ),
    (
        S(
            "cegidd-valenciennes",
            "CeGIDD de Valenciennes",
            "59606",
            "Valenciennes",
            "59300",
            "Avenue Désandrouin",
            50.3655,
            3.5088,
            "03 53 73 30 30",
            "Tu,Th 13:00-18:00",
            "CEGIDD",
        ),
        [V("Dépistage VIH, hépatites et IST", "Dépistage gratuit et anonyme.", [SEXUELLE])],
    ),
    (
        S(
            "pass-denain",
            "PASS du Centre hospitalier de Denain",
            "59172",
            "Denain",
            "59220",
            "Avenue Jean Jaurès",
            50.3290,
            3.3950,
            "03 53 73 30 40",
            "Mo-Fr 09:00-12:00",
            "PASS",
        ),
        [
            V(
                "Consultations sans couverture maladie",
                "Consultation médicale et accompagnement social.",
                [SANTE],
            )
        ],
    ),
    (
        S(
            "ccas-maubeuge",
            "CCAS de Maubeuge",
            "59392",
            "Maubeuge",
            "59600",
            "Place du Docteur Pierre Forest",
            50.2775,
            3.9727,
            "03 53 73 30 50",
            "Mo-Fr 08:30-12:00,13:30-17:00",
            "CCAS",
            reseaux_porteurs=["ccas-cias"],
        ),
        [
            V(
                "Accueil social",
                "Aides facultatives, domiciliation, aide aux dossiers.",
                [DEMARCHES],
                ame=None,
                c2s=None,
            )
        ],
    ),
    (
        S(
            "restos-denain",
            "Restos du cœur de Denain",
            "59172",
            "Denain",
            "59220",
            "Rue de Villars",
            50.3268,
            3.3921,
            "03 53 73 30 60",
            "Mo,Th 09:00-11:30",
            "ASSO",
            reseaux_porteurs=["restos-du-coeur"],
        ),
        [
            V(
                "Distribution alimentaire",
                "Distribution de repas et de colis, sur inscription.",
                [ALIMENTATION],
                ame=None,
                c2s=None,
            )
        ],
    ),
    (
        S(
            "csapa-valenciennes",
            "CSAPA de Valenciennes",
            "59606",
            "Valenciennes",
            "59300",
            "Rue de Paris",
            50.3589,
            3.5267,
            "03 53 73 30 70",
            "Mo-Fr 09:00-17:00",
            "CSAPA",
            reseaux_porteurs=["csapa"],
        ),
        [
            V(
                "Accompagnement des addictions",
                "Consultations anonymes et gratuites, traitements de substitution.",
                [ADDICTIONS],
            )
        ],
    ),
    (
        S(
            "pimms-anzin",
            "PIMMS de Valenciennes — antenne d'Anzin",
            "59014",
            "Anzin",
            "59410",
            "Rue Jean Jaurès",
            50.3720,
            3.5050,
            "03 53 73 30 80",
            "Mo-Fr 09:00-12:00,14:00-17:00",
            "PIMMS",
            reseaux_porteurs=["pimms-mediation"],
            languages=["fr", "ar", "tr"],
        ),
        [
            V(
                "Médiation et aide aux démarches",
                "Aide aux démarches administratives et numériques, médiation avec les services publics.",
                [DEMARCHES, NUMERIQUE],
                ame=None,
                c2s=None,
            )
        ],
    ),
]
