package license

import (
	"strings"
)

// The words Restrictions reads, in English, Spanish, Portuguese, French,
// German, Italian and Indonesian, lower-cased. Each list is one set: the
// languages share it, since their words do not collide in these roles. Words
// are split at anything that is not a letter or digit, so "non-commercial"
// is "non" "commercial" and "l'uso" is "l" "uso".

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// commerceStems start the words for commerce: commercial, comercial,
// commerciale, kommerziell, komersial, gewerblich, lucro, lucratif.
var commerceStems = []string{"commerc", "comerc", "kommerz", "komersi", "komersil", "gewerb", "lucr"}

// useWords name what a commercial restriction is about: "commercial use",
// "uso comercial", "fins commerciales", "kommerzielle Zwecke", "tujuan
// komersial". A commerce word counts only next to one of them, so that
// "commercial damages" (Apache-2.0) and "commercial, industrial or
// non-consumer uses" (GPL-3.0) are not restrictions.
var useWords = set(`use uses usage used using purpose purposes exploitation exploit exploited distribution distributed
	redistribution redistributed gain gains product products application applications activity activities setting settings
	environment environments deployment deployments service services project projects entity entities organization
	organizations organisation organisations venture ventures context contexts basis advantage intent manner reproduction
	sale sales resale offering offerings sold
	uso usos fines fin propósito propósitos proposito propositos explotación explotacion distribución distribucion
	redistribución redistribucion producto productos aplicación aplicacion aplicaciones actividad actividades beneficio
	servicio servicios utilización utilizacion ánimo animo usarse utilizarse empleo utilizado utilizada
	fins fim finalidade finalidades exploração exploracao distribuição distribuicao produto produtos aplicação aplicacao
	atividade atividades utilização utilizacao serviço serviços servico servicos
	usage usages utilisation utilisations objectif objectifs produit produits activité activités utilisé utilisée exploité
	nutzung zwecke zweck zwecken verwendung verwertung gebrauch einsatz vertrieb weitergabe produkt produkte anwendung
	anwendungen nutzen genutzt verwendet eingesetzt vertrieben
	usi utilizzo utilizzi scopi scopo fini sfruttamento distribuzione ridistribuzione prodotto prodotti applicazione
	applicazioni attività servizi servizio utilizzazione utilizzato utilizzata
	tujuan penggunaan digunakan menggunakan dipergunakan pemanfaatan distribusi produk aplikasi kegiatan keperluan
	kepentingan usaha`)

// prohibitions before a commerce word forbid it: "may not be used for
// commercial purposes", "No se permite el uso comercial", "proibido o uso
// comercial", "nicht für kommerzielle Zwecke", "tidak untuk tujuan komersial".
var prohibitions = set(`not no nor never cannot neither prohibited prohibits prohibit prohibiting forbidden forbids forbid
	disallowed
	nunca ni prohibido prohibida prohibidos prohibidas prohíbe prohibe prohibición prohibicion
	não nao nem proibido proibida proibidos proibidas proíbe proibe vedado vedada vedados vedadas proibição proibicao
	pas ne n aucun aucune jamais interdit interdite interdits interdites interdiction prohibé prohibée
	nicht kein keine keinen keinem keiner keines nie niemals untersagt verboten ausgeschlossen
	non mai né vietato vietata vietati vietate divieto proibito proibita escluso esclusa
	tidak bukan dilarang larangan jangan`)

// notProhibitions follow a negation that does not forbid: "not limited to",
// "not only", "sin limitarse", "nicht nur", "tidak terbatas".
var notProhibitions = set(`limited limitation restricted only
	solo sólo solamente limitado limitada limitarse limitación
	apenas somente limitado limitada limitação
	seulement uniquement limité limitée limitation
	nur beschränkt
	soltanto limitato limitata
	hanya terbatas`)

// verdicts after a commerce word forbid it or make it need permission:
// "commercial use is prohibited", "usage commercial interdit", "uso
// commerciale vietato", "commercial use requires a separate licence".
var verdicts = set(`prohibited forbidden disallowed excluded requires require
	prohibido prohibida requiere requieren excluido excluida
	proibido proibida vedado vedada requer exige
	interdit interdite interdits interdites prohibé prohibée exclu exclue nécessite soumis soumise subordonné
	untersagt verboten ausgeschlossen bedarf erfordert genehmigungspflichtig
	vietato vietata proibito proibita richiede subordinato subordinata
	dilarang memerlukan`)

// negations and permissions make a verdict when they meet: "not permitted",
// "non consentito", "não é permitido", "n'est pas autorisé", "nicht
// gestattet", "tidak diizinkan".
var (
	negations   = set(`not no não nao pas nicht non tidak n`)
	permissions = set(`permitted allowed authorized authorised granted licensed
		permitido permitida permite autorizado autorizada permitidos
		permis permise autorisé autorisée autorise autorisés
		gestattet erlaubt zulässig zulaessig gestatten
		consentito consentita permesso permessa ammesso ammessa autorizzato autorizzata
		diizinkan diperbolehkan diperkenankan boleh`)
)

// withoutWords followed by a permission word make a verdict: "commercial use
// without written permission", "sin autorización", "ohne Genehmigung".
var (
	withoutWords = set(`without sin sem sans ohne senza tanpa`)
	consentWords = set(`permission consent approval authorization authorisation license licence agreement
		permiso autorización autorizacion consentimiento licencia
		permissão permissao autorização autorizacao consentimento licença licenca
		autorisation accord consentement
		genehmigung zustimmung erlaubnis lizenz einwilligung
		autorizzazione permesso consenso licenza
		izin persetujuan lisensi`)
)

// ncPrefixes before a commerce word make a non-commercial term: "non
// commercial", "no comercial", "não comercial", "nicht kommerziell", "bukan
// komersial".
var ncPrefixes = set(`non no não nao nicht bukan`)

// ncWords are non-commercial terms in one word.
var ncWords = set(`noncommercial noncommercially nonprofit nirlaba nonkomersial`)

// ncWordStems start one-word non-commercial terms: nichtkommerziell,
// nichtgewerblich.
var ncWordStems = []string{"nichtkommerz", "nichtgewerb"}

// nonProfitOpeners open a "without profit" phrase before a lucr- word: "sin
// fines de lucro", "sem fins lucrativos", "sans but lucratif", "senza scopo di
// lucro".
var nonProfitOpeners = set(`sin sem sans senza`)

// alternatives join a commerce word with its negation in a clause that
// allows both: "commercial or non-commercial", "comercial y no comercial",
// "commercial or otherwise".
var alternatives = set(`or and y o e ou et und oder ed dan atau`)

// onlyWords limit a use: "for personal use only", "solo para uso personal",
// "nur für Forschungszwecke", "hanya untuk penggunaan pribadi".
var onlyWords = set(`only solely exclusively strictly
	solo sólo solamente únicamente unicamente exclusivamente
	somente apenas só
	uniquement seulement exclusivement strictement
	nur ausschließlich ausschliesslich lediglich
	soltanto esclusivamente
	hanya semata khusus sebatas`)

// purposeWords name the limited uses that make a licence not open.
// "Internal" use is not one of them: the Apple-style open licences (APSL,
// RPSL, Watcom) grant use "solely for Your internal research and development"
// beside their other grants.
var purposeWords = set(`personal private educational education academic research evaluation evaluating study
	studying teaching scientific demonstration
	privado privada educativo educativos educativa educativas educación educacion académico academico académicos
	académicas investigación investigacion evaluación evaluacion docencia enseñanza científico cientifico
	pessoal educacional educacionais acadêmico acadêmicos académico pesquisa avaliação avaliacao ensino
	personnel personnelle privé privée éducatif éducatifs éducative pédagogique pédagogiques académique académiques
	recherche évaluation enseignement scientifique
	privat privaten privater persönlich persönlichen bildung bildungszwecke forschung forschungszwecke akademisch
	akademische akademischen lehre lehrzwecke evaluierung wissenschaftlich wissenschaftliche
	wissenschaftlichen studienzwecke
	personale privato privata didattico didattici didattica educativi accademico accademici ricerca valutazione scientifico
	scientifici studio
	pribadi pendidikan akademik akademis penelitian riset evaluasi edukasi ilmiah`)

// definitionWords make a clause a definition ("'Personal Use' means use ...
// solely for personal, private and non-commercial purposes"), which restricts
// nothing by itself.
var definitionWords = set(`means significa significan désigne signifie bedeutet bezeichnet berarti`)

// vetoWords make a clause about one way of distributing, not about the
// licence: the GNU GPL's "This alternative is allowed only for noncommercial
// distribution" (and SSPL, AGPL, NGPL, which copy it).
var vetoWords = set(`alternative`)

// articles before a non-commercial term make it a description: "a non-profit
// organization", "a non-commercially developed program".
var articles = set(`a an un une una um uma ein eine einer sebuah`)

// licenseeWords before a verb of revocation make the licensee its subject:
// "Recipient may choose to terminate this License at any time".
var licenseeWords = set(`you your recipient recipients licensee licensees user users usted você vous sie anda`)

// conditionWords make a revocation the ordinary termination on breach that
// open licences have too ("will be revoked if You materially fail to
// comply").
var conditionWords = set(`if upon unless breach breaches violation violate violates fail fails failure
	si incumplimiento incumple violación
	se violação descumprimento
	violation manquement
	wenn falls sofern verstoß verstoss verletzung
	violazione inadempimento
	jika apabila bila pelanggaran melanggar`)

// revocableWords say a licence can be revoked; "irrevocable" and its
// translations are other words.
var revocableWords = set(`revocable révocable revogável revogavel revocabile widerruflich widerrufbar`)

// Revocation: a modal, the verb "to be" and a participle ("may be revoked",
// "puede ser revocada", "peut être révoquée", "può essere revocata"), or
// Indonesian's modal and participle ("dapat dicabut").
var (
	modals      = set(`may can could might puede podrá podra pueden podrán podran pode poderá podera podem poderão poderao peut pourra peuvent pourront può potrà possono potranno dapat bisa boleh kann können koennen darf`)
	beWords     = set(`be ser être etre essere werden`)
	revokedWord = set(`revoked withdrawn rescinded cancelled canceled
		revocada revocado revocadas revocados retirada retirado cancelada cancelado rescindida rescindido
		revogada revogado revogadas revogados
		révoquée révoqué revoquee revoque retirée retiré résiliée résilié annulée annulé
		widerrufen entzogen gekündigt
		revocata revocato revocate revocati ritirata ritirato annullata annullato
		dicabut ditarik dibatalkan`)
	// revokeVerbs revoke when the clause also says "at any time".
	revokeVerbs = set(`revoke revoked revoking revocation withdraw withdrawn rescind terminate terminated cancel
		revocar revocada retirar cancelar rescindir
		revogar revogada
		révoquer revoquer retirer résilier resilier annuler
		widerrufen kündigen kuendigen entziehen
		revocare ritirare annullare
		mencabut dicabut membatalkan ditarik`)
	// rightWords: "reserves the right to revoke", "derecho a revocar".
	rightWords = set(`right derecho direito droit diritto hak`)
)

// anyTime phrases, as word sequences: "at any time", "en cualquier momento",
// "a qualquer momento", "à tout moment", "jederzeit", "in qualsiasi momento",
// "kapan saja", "sewaktu waktu".
var anyTime = [][]string{{"at", "any", "time"}, {"en", "cualquier", "momento"}, {"a", "qualquer", "momento"},
	{"a", "qualquer", "tempo"}, {"à", "tout", "moment"}, {"a", "tout", "moment"}, {"à", "tout", "instant"},
	{"jederzeit"}, {"in", "qualsiasi", "momento"}, {"in", "ogni", "momento"}, {"kapan", "saja"}, {"kapan", "pun"},
	{"sewaktu", "waktu"}, {"setiap", "saat"}}
