//! Built-in word lists: the judgement calls of the redactor, in one place.
//!
//! Every list is folded with the same key function as the text (lower case,
//! no diacritics, doubled letters collapsed in long words), so entries are
//! written in plain lower case.

/// Name particles and initials: never redacted on their own, only inside a
/// longer name ("Maria Cristina *dela* Cruz", "Ganesh *a/l* Muthu").
#[rustfmt::skip]
pub(crate) const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "dela", "della", "delos", "der", "den", "dos", "das", "du", "la",
    "van", "von", "bin", "binti", "binte", "bte", "ibn", "al", "el", "ap", "y",
];

/// Name tokens that are also places, peoples, faiths or days: only redacted
/// inside a full name, after an honorific ("Mr Islam"), or as the subject of
/// a reporting verb ("Islam said…").
#[rustfmt::skip]
pub(crate) const NEVER_ALONE: &[&str] = &[
    "islam", "muslim", "hindu", "buddha", "christian", "catholic", "allah", "god", "jesus",
    "christ", "thai", "lao", "laos", "khmer", "malay", "filipino", "filipina", "burmese", "viet",
    "vietnamese", "chinese", "korean", "japanese", "indian", "nepali", "bengali", "tongan",
    "samoan", "fijian", "asia", "asian", "pacific", "china", "india", "japan", "korea", "nepal",
    "fiji", "tonga", "samoa", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday",
];

/// Months: common-word names with an extra rule (not next to a number or
/// after "in", "by", "since"…).
#[rustfmt::skip]
pub(crate) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Words that precede a month ("in May", "by June").
#[rustfmt::skip]
pub(crate) const MONTH_PREPS: &[&str] = &[
    "in", "since", "until", "till", "by", "from", "to", "of", "during", "last", "next", "this",
    "early", "mid", "late", "end", "before", "after", "between", "through", "on",
];

/// Common English words that are also name tokens ("Will", "Hope", "Rose",
/// "Park", "Do"…) or acronyms ("CARE", "RAP"): such a token is redacted on
/// its own only when capitalised mid-sentence and not part of a title-case
/// phrase, or when possessive, or after an honorific.
#[rustfmt::skip]
pub(crate) const COMMON: &[&str] = &[
    // function words
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "go", "had",
    "has", "have", "he", "her", "him", "his", "if", "in", "is", "it", "its", "me", "my", "no",
    "not", "of", "oh", "on", "or", "our", "she", "so", "the", "to", "up", "us", "was", "we", "were",
    "who", "why", "yes", "you", "min", "man", "men", "new", "old", "all", "any", "one", "two",
    "ten", "say", "see", "way", "day", "may", "will", "can", "might", "shall", "must", "get", "got",
    "let", "put", "set", "sit", "run", "win", "won", "hang", "hung", "long", "young", "thin", "tin",
    "than", "then", "van", "bang", "ban", "pan", "fan", "pin", "ping", "sing", "sang", "song",
    "sun", "son", "moon", "star", "tan", "ton", "tong", "kin", "king", "queen", "prince", "lord",
    "lady", "duke", "noble", "chin", "chi", "nu", "ha", "ho", "hi", "lo", "ma", "pa", "ye", "yo",
    "aye", "ah", "hope", "grace", "joy", "faith", "charity", "mercy", "patience", "honor", "honour",
    "justice", "liberty", "unity", "harmony", "destiny", "angel", "rose", "lily", "daisy", "iris",
    "ivy", "holly", "hazel", "jade", "amber", "ruby", "pearl", "crystal", "summer", "autumn",
    "winter", "spring", "dawn", "eve", "sky", "rain", "snow", "storm", "frost", "mark", "bill",
    "will", "pat", "sue", "rob", "don", "ray", "guy", "jack", "frank", "drew", "chase", "hunter",
    "dean", "miles", "rich", "sunny", "lucky", "happy", "honey", "sweet", "baby", "boy", "gay",
    "wise", "major", "page", "power", "law", "case", "cook", "baker", "brown", "green", "white",
    "black", "gray", "grey", "bell", "hill", "wood", "stone", "rice", "fox", "price", "lane",
    "field", "banks", "marsh", "moss", "love", "little", "short", "strong", "best", "hardy",
    "sharp", "bright", "golden", "silver", "gold", "bond", "cash", "park", "parks", "hall", "house",
    "church", "bishop", "pope", "saint", "knight", "baron", "judge", "mayor", "marshal", "mason",
    "carter", "taylor", "turner", "fisher", "miller", "potter", "archer", "weaver", "wall", "north",
    "south", "east", "west", "care", "aid", "act", "rap", "sims", "link", "bridge", "hub", "step",
    "rise", "reach", "voice", "home", "haven", "light", "path", "seed", "root", "roots", "dung",
    "sin", "bin", "ram",
];

/// Honorifics that make the next token a name and are redacted with it.
/// The abbreviations count in any case ("ms", "Dr."); the words only when
/// capitalised ("Sister Sita", not "my sister").
pub(crate) const HONORIFIC_ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "mx", "dr", "prof"];

/// Honorific words (must be capitalised in the text).
#[rustfmt::skip]
pub(crate) const HONORIFICS: &[&str] = &[
    "miss", "madam", "madame", "dame", "sir", "professor", "hon", "khun", "ibu", "bapak", "pak",
    "bu", "ate", "kuya", "sister", "brother", "father", "ambassador", "minister", "director",
    "excellency", "mister", "mrs", "senor", "senora",
];

/// Reporting verbs: "May raised…", "Islam said…" make a sentence-initial
/// common-word token a name.
#[rustfmt::skip]
pub(crate) const REPORT_VERBS: &[&str] = &[
    "said", "says", "asked", "asks", "raised", "raises", "noted", "notes", "mentioned", "suggested",
    "suggests", "explained", "explains", "added", "adds", "stressed", "highlighted", "described",
    "describes", "presented", "proposed", "argued", "reminded", "agreed", "agrees", "pointed",
    "shared", "spoke", "summarised", "summarized", "emphasised", "emphasized", "recommended",
    "urged", "replied", "answered", "thinks", "wants", "echoed", "stated", "observed", "clarified",
    "reported", "insisted",
];

/// Other verbs that make a sentence-initial common-word token a name
/// ("Will will circulate the draft", "Grace works with…").
#[rustfmt::skip]
pub(crate) const MODAL_AFTER_NAME: &[&str] = &[
    "will", "would", "has", "had", "can", "could", "works", "worked", "wrote", "sent", "leads",
    "led", "runs", "met", "joined", "offered", "told", "called", "cited", "prepared", "lives",
];

/// Words after "Name," that make a sentence-initial common-word token a
/// vocative ("Hope, I hope you can share the slides").
#[rustfmt::skip]
pub(crate) const VOCATIVE_NEXT: &[&str] = &[
    "i", "you", "we", "could", "can", "would", "please", "thank", "thanks", "do", "did", "are",
];

/// Multi-word places and terms inside which no name is matched.
#[rustfmt::skip]
pub(crate) const PROTECTED: &[&str] = &[
    "viet nam", "hong kong", "sri lanka", "sri lankan", "sri lankans", "timor leste",
    "papua new guinea", "new zealand", "solomon islands", "marshall islands", "cook islands",
    "lao pdr", "south korea", "north korea", "republic of korea", "costa rica", "saudi arabia",
    "united arab emirates", "chiang mai", "chiang rai", "kuala lumpur", "ho chi minh", "phnom penh",
    "da nang", "ha noi", "hai phong", "can tho", "mae sot", "khon kaen", "samut sakhon",
    "samut prakan", "kota kinabalu", "johor bahru", "nay pyi taw", "cox s bazar", "port moresby",
    "nuku alofa", "abu dhabi", "san francisco", "los angeles", "el salvador", "de facto", "de jure",
    "ad hoc", "per se", "pro bono", "chatham house", "global compact", "red cross", "red crescent",
    "united nations", "united states", "united kingdom", "human rights", "park hyatt", "may day",
];

/// Groups of spellings of one name token (transliterations, UK/US spelling).
/// A registered token matches every spelling of its group.
#[rustfmt::skip]
pub(crate) const VARIANTS: &[&[&str]] = &[
    &["mohammad", "mohammed", "muhammad", "muhammed", "mohamed", "mohamad", "md", "mohd"],
    &["ahmed", "ahmad", "ahmet"],
    &["hossain", "hussain", "husain", "hussein", "hossen", "hosain"],
    &["chowdhury", "choudhury", "chowdhry", "chaudhry", "chaudhary", "choudhary"],
    &["rahman", "rehman"],
    &["siddiqui", "siddiqi", "siddique", "siddiky"],
    &["qureshi", "quraishi", "kureshi", "qureishi"],
    &["akter", "akhter", "akhtar", "aktar"],
    &["haque", "haq", "hoque", "huq"],
    &["uddin", "udin"],
    &["fatima", "fatema", "fathima"],
    &["begum", "begom"],
    &["lee", "yi", "rhee", "ri"],
    &["park", "pak", "bak"],
    &["choi", "choe"],
    &["jung", "chung", "jeong"],
    &["kang", "gang"],
    &["cho", "jo"],
    &["yoon", "yun"],
    &["kwon", "gwon"],
    &["lim", "im"],
    &["jeon", "chun", "chon"],
    &["zhang", "chang", "cheung"],
    &["zhou", "chou", "chow"],
    &["xu", "hsu"],
    &["huang", "wong", "hwang"],
    &["maria", "ma"],
    &["jose", "joseph"],
    &["organisation", "organization"],
    &["organisations", "organizations"],
    &["labour", "labor"],
    &["centre", "center"],
    &["centres", "centers"],
    &["programme", "program"],
    &["defence", "defense"],
];

/// Pronouns that complete "as X, we…" / "at X, we…".
pub(crate) const PRONOUNS: &[&str] = &["we", "i", "our", "my", "us"];

/// Words allowed between an affiliation trigger and the organisation
/// ("we at *the regional office of* IOM").
#[rustfmt::skip]
pub(crate) const FILLERS: &[&str] = &[
    "the", "a", "an", "regional", "country", "national", "local", "field", "main", "sub", "of",
    "in", "at", "for", "with", "s", "its", "this",
];

/// Office-like words: they also allow capitalised place names as fillers
/// ("we at the *Bangkok* office of IOM").
#[rustfmt::skip]
pub(crate) const OFFICES: &[&str] = &[
    "office", "offices", "branch", "chapter", "secretariat", "team", "unit", "division",
    "department", "mission", "headquarters", "hq", "delegation", "board",
];

/// Roles: "as the *coordinator* of X", "I'm a *researcher* at X".
#[rustfmt::skip]
pub(crate) const ROLES: &[&str] = &[
    "member", "members", "staff", "employee", "employees", "volunteer", "volunteers", "director",
    "coordinator", "officer", "researcher", "head", "chair", "chairperson", "founder", "cofounder",
    "president", "secretary", "representative", "focal", "point", "advisor", "adviser", "manager",
    "lead", "leader", "specialist", "consultant", "intern", "fellow", "trustee", "executive",
    "general", "deputy", "senior", "chief", "analyst", "organiser", "organizer", "lawyer",
    "counsellor", "activist", "spokesperson",
];

/// Nouns that make "my/our X ___" self-identifying ("my IOM colleagues").
#[rustfmt::skip]
pub(crate) const POST_NOUNS: &[&str] = &[
    "colleagues", "colleague", "coworkers", "co", "team", "teams", "staff", "office", "offices",
    "secretariat", "chapter", "branch", "members", "membership", "board", "director", "family",
    "leadership", "volunteers",
];

/// Sequences that reveal the author's (or a participant's) affiliation when
/// followed, possibly after fillers, by an organisation. Words are folded
/// tokens: "I'm" is "i m".
#[rustfmt::skip]
pub(crate) const BEFORE: &[&str] = &[
    "we at", "us at", "here at", "work at", "work for", "works at", "works for", "worked at",
    "worked for", "working at", "working for", "i m with", "i am with", "we are with", "i m from",
    "i am from", "we are from", "we re from", "i come from", "we come from", "i represent",
    "we represent", "representing", "on behalf of", "speaking for", "i speak for", "speaking as",
    "my organisation", "our organisation", "my org", "our org", "my network", "our network",
    "my union", "our union", "my agency", "our agency", "my employer", "my ngo", "our ngo",
    "my institution", "our institution", "my team at", "our team at", "my colleagues at",
    "my colleagues in", "my colleagues from", "colleagues at", "colleagues from", "colleague at",
    "colleague from", "participant from", "participants from", "speaker from", "speakers from",
    "representative of", "representative from", "representatives of", "representatives from",
    "delegate from", "delegate of", "delegates from", "i m part of", "i am part of",
    "we are part of", "i volunteer at", "i volunteer for", "i volunteer with", "i joined",
    "we joined", "i was with", "we were with", "i used to be with",
];

/// Sequences directly followed by the organisation (no filler but "the"):
/// "I'm IOM", "I head SIMS", "we in NFERF", "in my capacity as MFA…".
#[rustfmt::skip]
pub(crate) const DIRECT: &[&str] = &[
    "i m", "i am", "we are", "we re", "i head", "i lead", "i chair", "i direct", "i coordinate",
    "i manage", "i run", "we run", "i founded", "we founded", "we in", "here in", "us in",
    "at my organisation", "at our organisation", "capacity as", "on behalf of", "from us at",
];

/// Sequences that introduce X and need "X[, role], we/I…" after it:
/// "as MFA, we…", "coming from TSWA, I…", "as MFA coordinator, I…".
pub(crate) const LEADS_NEEDING_PRONOUN: &[&str] =
    &["as", "coming from", "speaking as", "as a", "as an"];

/// After a single name word, these show it is a place, a people or a
/// building, not a person ("Tamang communities", "Aung San Road").
#[rustfmt::skip]
pub(crate) const NOT_A_PERSON_AFTER: &[&str] = &[
    "community", "communities", "people", "peoples", "ethnic", "caste", "castes", "language",
    "languages", "dialect", "households", "villages", "region", "province", "district", "road",
    "street", "avenue", "river", "church", "temple", "mosque", "city", "island", "islands",
    "valley", "bridge",
];

/// Before a single name word, these make it a place ("San Jose", "St. James").
#[rustfmt::skip]
pub(crate) const PLACE_PREFIXES: &[&str] = &[
    "san", "santa", "st", "saint", "port", "mount", "mt", "fort", "lake",
];

/// The subset of [`BEFORE`] strong enough to redact an organisation that is
/// not registered ("we at *Some Unregistered Network*").
#[rustfmt::skip]
pub(crate) const STRONG: &[&str] = &[
    "we at", "us at", "here at", "i work at", "i work for", "i worked at", "i worked for",
    "i m with", "i am with", "i represent", "we represent", "representing", "on behalf of",
    "speaking for", "my organisation", "our organisation", "my org", "our org", "my network",
    "our network", "my union", "our union", "my employer",
];

/// Sequences that follow X: "X, where I work", "X, my organisation".
#[rustfmt::skip]
pub(crate) const AFTER: &[&str] = &[
    "where i work", "where we work", "where i m based", "where i am based", "which i represent",
    "which we represent", "that i represent", "that we represent", "my organisation",
    "our organisation", "my employer", "my org", "our org", "i work for", "i work at",
];

/// Sequences before a role ("as the coordinator of X"): need a role word.
#[rustfmt::skip]
pub(crate) const ROLE_LEADS: &[&str] = &[
    "as", "i m", "i am", "i was", "we are", "we re", "i work as", "i serve as",
];

/// Words after "Name and" that make a sentence-initial common word a name
/// ("May and I will draft it").
pub(crate) const AND_PRONOUNS: &[&str] = &["i", "me", "myself"];

/// Connectors allowed inside an unregistered organisation's name.
pub(crate) const CONNECTORS: &[&str] = &["of", "for", "and", "in", "on", "the", "de", "du"];
