// Entity legal forms, modelled on ISO 20275 "Financial services — Entity legal forms (ELF)", whose code list
// GLEIF maintains (https://www.gleif.org/en/about-lei/code-lists/iso-20275-entity-legal-forms-code-list).
// Written by hand for the jurisdictions our users meet most (DACH, UK, US, FR, Benelux, IT, ES, Nordics, PL,
// CZ, TR, PT); each entry lists the abbreviation we display, the full names and common misspellings we read,
// and the jurisdictions (ISO 3166-1 alpha-2) where ISO 20275 lists the form.

/** @internal */
export interface LegalFormEntry {
  /** The abbreviation shown in display names, e.g. `GmbH & Co. KG`. */
  abbreviation: string
  /** Full name in the language of its jurisdiction. */
  name: string
  /** Jurisdictions where the form exists. */
  countries: readonly string[]
  /** Other spellings people write (the abbreviation itself is always recognised). */
  variants: readonly string[]
}

/** @internal */
export const LEGAL_FORMS: readonly LegalFormEntry[] = [
  // Germany, Austria, Switzerland, Liechtenstein
  {
    abbreviation: 'GmbH',
    name: 'Gesellschaft mit beschränkter Haftung',
    countries: ['DE', 'AT', 'CH', 'LI'],
    variants: [
      'G.m.b.H.',
      'Ges.m.b.H.',
      'GesmbH',
      'Ges.mbH',
      'mbH',
      'Gesellschaft mbH',
      'Gesellschaft m.b.H.',
      'Gesellschaft mit beschraenkter Haftung',
      'Gesellschaft mit beschr. Haftung',
    ],
  },
  {
    abbreviation: 'gGmbH',
    name: 'gemeinnützige Gesellschaft mit beschränkter Haftung',
    countries: ['DE'],
    variants: ['gemeinnützige GmbH', 'gemeinnuetzige GmbH'],
  },
  {
    abbreviation: 'UG (haftungsbeschränkt)',
    name: 'Unternehmergesellschaft (haftungsbeschränkt)',
    countries: ['DE'],
    variants: [
      'UG',
      'UG (haftungsbeschraenkt)',
      'UG haftungsbeschränkt',
      'UG (hb)',
      'UG (haftungsbeschr.)',
      'Unternehmergesellschaft',
      'Unternehmergesellschaft haftungsbeschränkt',
    ],
  },
  { abbreviation: 'AG', name: 'Aktiengesellschaft', countries: ['DE', 'AT', 'CH', 'LI'], variants: ['A.G.'] },
  { abbreviation: 'gAG', name: 'gemeinnützige Aktiengesellschaft', countries: ['DE'], variants: [] },
  {
    abbreviation: 'SE',
    name: 'Societas Europaea',
    countries: ['DE', 'AT', 'FR', 'NL', 'LU', 'IT', 'ES', 'BE', 'SE', 'DK', 'FI', 'PL', 'CZ'],
    variants: ['S.E.', 'Europäische Gesellschaft', 'Societas Europaea'],
  },
  {
    abbreviation: 'SE & Co. KGaA',
    name: 'SE & Co. Kommanditgesellschaft auf Aktien',
    countries: ['DE'],
    variants: ['SE & Co KGaA', 'SE und Co. KGaA'],
  },
  { abbreviation: 'KG', name: 'Kommanditgesellschaft', countries: ['DE', 'AT', 'CH'], variants: ['K.G.'] },
  {
    abbreviation: 'GmbH & Co. KG',
    name: 'GmbH & Co. Kommanditgesellschaft',
    countries: ['DE', 'AT'],
    variants: [
      'GmbH & Co KG',
      'GmbH u. Co. KG',
      'GmbH und Co. KG',
      'GmbH + Co. KG',
      'GmbH&CoKG',
      'Gesellschaft mit beschränkter Haftung & Co. KG',
      'mbH & Co. KG',
      'GesmbH & Co KG',
    ],
  },
  {
    abbreviation: 'GmbH & Co. KGaA',
    name: 'GmbH & Co. Kommanditgesellschaft auf Aktien',
    countries: ['DE'],
    variants: ['GmbH & Co KGaA', 'GmbH und Co. KGaA'],
  },
  {
    abbreviation: 'GmbH & Co. OHG',
    name: 'GmbH & Co. offene Handelsgesellschaft',
    countries: ['DE'],
    variants: ['GmbH & Co OHG', 'GmbH und Co. OHG'],
  },
  {
    abbreviation: 'AG & Co. KG',
    name: 'AG & Co. Kommanditgesellschaft',
    countries: ['DE'],
    variants: ['AG & Co KG', 'AG und Co. KG'],
  },
  {
    abbreviation: 'AG & Co. KGaA',
    name: 'AG & Co. Kommanditgesellschaft auf Aktien',
    countries: ['DE'],
    variants: ['AG & Co KGaA'],
  },
  {
    abbreviation: 'UG (haftungsbeschränkt) & Co. KG',
    name: 'UG (haftungsbeschränkt) & Co. Kommanditgesellschaft',
    countries: ['DE'],
    variants: [
      'UG & Co. KG',
      'UG & Co KG',
      'UG (haftungsbeschränkt) & Co KG',
      'UG (haftungsbeschraenkt) & Co. KG',
    ],
  },
  {
    abbreviation: 'KGaA',
    name: 'Kommanditgesellschaft auf Aktien',
    countries: ['DE', 'AT'],
    variants: ['KG a.A.', 'KGaA.'],
  },
  {
    abbreviation: 'OHG',
    name: 'offene Handelsgesellschaft',
    countries: ['DE'],
    variants: ['oHG', 'o.H.G.', 'offene Handelsgesellschaft'],
  },
  { abbreviation: 'OG', name: 'offene Gesellschaft', countries: ['AT'], variants: ['offene Gesellschaft'] },
  {
    abbreviation: 'GbR',
    name: 'Gesellschaft bürgerlichen Rechts',
    countries: ['DE'],
    variants: [
      'Gesellschaft bürgerlichen Rechts',
      'Gesellschaft des bürgerlichen Rechts',
      'BGB-Gesellschaft',
      'eGbR',
    ],
  },
  {
    abbreviation: 'PartG mbB',
    name: 'Partnerschaftsgesellschaft mit beschränkter Berufshaftung',
    countries: ['DE'],
    variants: ['PartGmbB', 'Part mbB', 'Partnerschaftsgesellschaft mbB', 'Partnerschaft mbB'],
  },
  {
    abbreviation: 'PartG',
    name: 'Partnerschaftsgesellschaft',
    countries: ['DE'],
    variants: ['Partnerschaftsgesellschaft'],
  },
  {
    abbreviation: 'e.K.',
    name: 'eingetragener Kaufmann',
    countries: ['DE'],
    variants: [
      'eK',
      'e. K.',
      'e.Kfm.',
      'e.Kfr.',
      'e. Kfm.',
      'e. Kfr.',
      'eingetragener Kaufmann',
      'eingetragene Kauffrau',
    ],
  },
  {
    abbreviation: 'eG',
    name: 'eingetragene Genossenschaft',
    countries: ['DE'],
    variants: ['e.G.', 'e. G.', 'eingetragene Genossenschaft'],
  },
  {
    abbreviation: 'e.V.',
    name: 'eingetragener Verein',
    countries: ['DE'],
    variants: ['eV', 'e. V.', 'eingetragener Verein'],
  },
  {
    abbreviation: 'VVaG',
    name: 'Versicherungsverein auf Gegenseitigkeit',
    countries: ['DE'],
    variants: ['V.V.a.G.'],
  },
  {
    abbreviation: 'EWIV',
    name: 'Europäische wirtschaftliche Interessenvereinigung',
    countries: ['DE', 'AT'],
    variants: [],
  },
  { abbreviation: 'FlexCo', name: 'Flexible Kapitalgesellschaft', countries: ['AT'], variants: ['FlexKapG'] },
  // United Kingdom and Ireland
  {
    abbreviation: 'Ltd',
    name: 'Private limited company',
    countries: ['GB', 'IE'],
    variants: ['Ltd.', 'Limited', 'Ltd'],
  },
  {
    abbreviation: 'PLC',
    name: 'Public limited company',
    countries: ['GB', 'IE'],
    variants: ['plc', 'p.l.c.', 'Public Limited Company'],
  },
  {
    abbreviation: 'LLP',
    name: 'Limited liability partnership',
    countries: ['GB', 'US'],
    variants: ['L.L.P.', 'Limited Liability Partnership'],
  },
  {
    abbreviation: 'CIC',
    name: 'Community interest company',
    countries: ['GB'],
    variants: ['Community Interest Company'],
  },
  // United States
  { abbreviation: 'Inc.', name: 'Incorporated', countries: ['US', 'CA'], variants: ['Inc', 'Incorporated'] },
  {
    abbreviation: 'LLC',
    name: 'Limited liability company',
    countries: ['US'],
    variants: ['L.L.C.', 'Limited Liability Company'],
  },
  { abbreviation: 'Corp.', name: 'Corporation', countries: ['US', 'CA'], variants: ['Corp', 'Corporation'] },
  {
    abbreviation: 'LP',
    name: 'Limited partnership',
    countries: ['US', 'GB'],
    variants: ['L.P.', 'Limited Partnership'],
  },
  {
    abbreviation: 'PLLC',
    name: 'Professional limited liability company',
    countries: ['US'],
    variants: ['P.L.L.C.'],
  },
  // France, Belgium, Luxembourg, Switzerland (French)
  {
    abbreviation: 'SA',
    name: 'Société anonyme',
    countries: ['FR', 'BE', 'LU', 'CH', 'ES', 'PL', 'PT'],
    variants: ['S.A.', 'Société anonyme', 'Societe anonyme', 'Sociedad Anónima', 'Spółka Akcyjna'],
  },
  {
    abbreviation: 'SAS',
    name: 'Société par actions simplifiée',
    countries: ['FR'],
    variants: ['S.A.S.', 'Société par actions simplifiée'],
  },
  {
    abbreviation: 'SASU',
    name: 'Société par actions simplifiée unipersonnelle',
    countries: ['FR'],
    variants: ['S.A.S.U.'],
  },
  {
    abbreviation: 'SARL',
    name: 'Société à responsabilité limitée',
    countries: ['FR'],
    variants: ['S.A.R.L.', 'Société à responsabilité limitée', 'Societe a responsabilite limitee'],
  },
  {
    abbreviation: 'S.à r.l.',
    name: 'Société à responsabilité limitée',
    countries: ['LU', 'CH'],
    variants: ['Sàrl', 'S.à.r.l.', 'S.à r.l'],
  },
  {
    abbreviation: 'EURL',
    name: 'Entreprise unipersonnelle à responsabilité limitée',
    countries: ['FR'],
    variants: ['E.U.R.L.'],
  },
  { abbreviation: 'SNC', name: 'Société en nom collectif', countries: ['FR'], variants: ['S.N.C.'] },
  { abbreviation: 'SCI', name: 'Société civile immobilière', countries: ['FR'], variants: ['S.C.I.'] },
  {
    abbreviation: 'SRL',
    name: 'Société à responsabilité limitée / Società a responsabilità limitata',
    countries: ['BE', 'IT', 'RO'],
    variants: ['S.r.l.', 'Srl', 'S.R.L.', 'Società a responsabilità limitata'],
  },
  // Netherlands, Belgium
  {
    abbreviation: 'B.V.',
    name: 'Besloten vennootschap',
    countries: ['NL', 'BE'],
    variants: ['BV', 'B.V', 'Besloten Vennootschap'],
  },
  {
    abbreviation: 'N.V.',
    name: 'Naamloze vennootschap',
    countries: ['NL', 'BE'],
    variants: ['NV', 'N.V', 'Naamloze Vennootschap'],
  },
  {
    abbreviation: 'V.O.F.',
    name: 'Vennootschap onder firma',
    countries: ['NL'],
    variants: ['VOF', 'v.o.f.'],
  },
  { abbreviation: 'C.V.', name: 'Commanditaire vennootschap', countries: ['NL'], variants: ['CV'] },
  {
    abbreviation: 'BVBA',
    name: 'Besloten vennootschap met beperkte aansprakelijkheid',
    countries: ['BE'],
    variants: ['B.V.B.A.'],
  },
  // Italy, Spain, Portugal
  {
    abbreviation: 'S.p.A.',
    name: 'Società per azioni',
    countries: ['IT'],
    variants: ['SpA', 'S.p.A', 'Società per azioni'],
  },
  { abbreviation: 'S.a.s.', name: 'Società in accomandita semplice', countries: ['IT'], variants: [] },
  { abbreviation: 'S.n.c.', name: 'Società in nome collettivo', countries: ['IT'], variants: [] },
  {
    abbreviation: 'S.L.',
    name: 'Sociedad limitada',
    countries: ['ES'],
    variants: ['SL', 'S.L', 'Sociedad Limitada'],
  },
  { abbreviation: 'S.L.U.', name: 'Sociedad limitada unipersonal', countries: ['ES'], variants: ['SLU'] },
  {
    abbreviation: 'Lda.',
    name: 'Sociedade por quotas',
    countries: ['PT'],
    variants: ['Lda', 'Ltda.', 'Ltda'],
  },
  // Nordics
  { abbreviation: 'AB', name: 'Aktiebolag', countries: ['SE', 'FI'], variants: ['Aktiebolag', 'AB (publ)'] },
  {
    abbreviation: 'A/S',
    name: 'Aktieselskab',
    countries: ['DK', 'NO'],
    variants: ['AS', 'A.S.', 'Aktieselskab', 'Aksjeselskap'],
  },
  { abbreviation: 'ASA', name: 'Allmennaksjeselskap', countries: ['NO'], variants: [] },
  { abbreviation: 'ApS', name: 'Anpartsselskab', countries: ['DK'], variants: ['Anpartsselskab'] },
  { abbreviation: 'Oy', name: 'Osakeyhtiö', countries: ['FI'], variants: ['Osakeyhtiö'] },
  { abbreviation: 'Oyj', name: 'Julkinen osakeyhtiö', countries: ['FI'], variants: [] },
  // Central and Eastern Europe, Turkey
  {
    abbreviation: 'Sp. z o.o.',
    name: 'Spółka z ograniczoną odpowiedzialnością',
    countries: ['PL'],
    variants: ['Sp.z o.o.', 'Sp. z.o.o.', 'spółka z o.o.', 'Sp z oo'],
  },
  {
    abbreviation: 's.r.o.',
    name: 'Společnost s ručením omezeným',
    countries: ['CZ', 'SK'],
    variants: ['spol. s r.o.', 'sro'],
  },
  { abbreviation: 'a.s.', name: 'Akciová společnost', countries: ['CZ', 'SK'], variants: [] },
  { abbreviation: 'A.Ş.', name: 'Anonim şirket', countries: ['TR'], variants: ['AŞ', 'Anonim Şirketi'] },
  {
    abbreviation: 'Ltd. Şti.',
    name: 'Limited şirket',
    countries: ['TR'],
    variants: ['Ltd. Sti.', 'Ltd.Şti.', 'Limited Şirketi'],
  },
]

/**
 * ISO 20275 ELF codes of the legal forms above, per jurisdiction: abbreviation → country → code.
 *
 * Copied from the GLEIF ELF code list, version 2026-02-19 (the CSV GLEIF publishes as "ISO 20275 ELF Code List",
 * https://www.gleif.org/en/about-lei/code-lists/iso-20275-entity-legal-forms-code-list, released under CC0), read
 * row by row for DE, AT, CH, GB, FR, NL, LU, IT, ES, SE, DK, NO, FI and CZ. A code is listed only where an active
 * ("ACTV") entry of that country has our abbreviation or one of our spellings among its abbreviations, or our full
 * name as its local name; forms that GLEIF lists per US state (LLC, Inc., Corp., PLLC) or that we did not find for
 * a country have no code here: SE & Co. KGaA and EURL (not in the list as such), SASU (ended in the list in 2020)
 * and every BE, IE, PL, PT, RO, SK, TR, LI and CA entry (those countries were not read). The `& Co.` forms (GmbH &
 * Co. KG, AG & Co. KG, UG (haftungsbeschränkt) & Co. KG, GmbH & Co. KGaA, AG & Co. KGaA, GmbH & Co. OHG) are left
 * without a code on purpose: GLEIF lists them as abbreviations of the plain KG (8Z6G), KGaA (T0YJ) and OHG (40DB),
 * so the code would not tell `Muster OHG` from `Muster GmbH & Co. OHG`, and matching keys elsewhere prefer the code
 * to the abbreviation. Special cases, as the list has them: French SARL is "Société à responsabilité limitée (sans
 * autre indication)"; a Finnish Oy and a Finland-Swedish AB share DKUW. The Danish SE ("SE-selskab", UA1O) is left
 * out because we do not read that spelling.
 *
 * @internal
 */
export const ELF_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  GmbH: { DE: '2HBR', AT: 'AXSB', CH: '3EKS' },
  gGmbH: { DE: 'SCE1' },
  'UG (haftungsbeschränkt)': { DE: '63KS' },
  AG: { DE: '6QQB', AT: 'EQOV', CH: 'MVII' },
  gAG: { DE: 'YA01' },
  SE: {
    DE: 'SGST',
    AT: 'O65B',
    FR: 'TPNT',
    NL: 'BBEB',
    LU: 'WCEP',
    IT: 'VUPE',
    ES: '9FPZ',
    SE: '54P7',
    FI: 'XJH3',
    CZ: 'ZQO8',
  },
  KG: { DE: '8Z6G', AT: 'ONF1', CH: 'CQMY' },
  KGaA: { DE: 'T0YJ' },
  OHG: { DE: '40DB' },
  OG: { AT: 'JTAV' },
  GbR: { DE: 'FR3V' },
  'PartG mbB': { DE: '2YZO' },
  PartG: { DE: '8CM0' },
  'e.K.': { DE: 'OL20' },
  eG: { DE: 'AZFE' },
  'e.V.': { DE: 'QZ3L' },
  VVaG: { DE: '13AV' },
  EWIV: { DE: 'JNDX', AT: 'DM88' },
  FlexCo: { AT: 'BCSV' },
  Ltd: { GB: 'H0PO' },
  PLC: { GB: 'B6ES' },
  LLP: { GB: 'Z0EY' },
  CIC: { GB: '17R0' },
  LP: { GB: 'ID30' },
  SA: { FR: 'QVPB', LU: '5GGB', CH: 'MVII', ES: '5RDO' },
  SAS: { FR: '6CHY' },
  SARL: { FR: 'V9QP' },
  'S.à r.l.': { LU: 'DVXS', CH: '3EKS' },
  SNC: { FR: 'H1U2' },
  SCI: { FR: 'FY0F' },
  SRL: { IT: 'OV32' },
  'B.V.': { NL: '54M6' },
  'N.V.': { NL: 'B5PM' },
  'V.O.F.': { NL: '62Y3' },
  'C.V.': { NL: 'CODH' },
  'S.p.A.': { IT: 'P418' },
  'S.a.s.': { IT: 'CGSO' },
  'S.n.c.': { IT: 'T2X1' },
  'S.L.': { ES: 'DP3Q' },
  'S.L.U.': { ES: 'R6UT' },
  AB: { SE: 'XJHM', FI: 'DKUW' },
  'A/S': { DK: 'ZRPO', NO: 'YI42' },
  ASA: { NO: 'IQGE' },
  ApS: { DK: 'H8VP' },
  Oy: { FI: 'DKUW' },
  Oyj: { FI: 'K6VE' },
}
