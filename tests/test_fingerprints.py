"""Fingerprints: the exact key ignores formatting, SimHash distances separate edits of one
story from different stories, and the fast SimHash equals the textbook definition.

``python tests/test_fingerprints.py`` prints the distance figures quoted in the docstring of
``newscrawler.fingerprints`` (same stories, same seeded edits as the tests below).
"""

from __future__ import annotations

import itertools
import random
import re
import statistics
import sys
from hashlib import blake2b
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for `python tests/…`

from newscrawler.fingerprints import (
    NEAR_DUPLICATE_DISTANCE,
    SHINGLE_WORDS,
    content_fingerprint,
    hamming,
    normalized_words,
    simhash,
)


def _story(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


# Six iNews-style stories, two per beat, so "same topic" pairs share the beat's vocabulary
# (agencies, places, match-report phrases) the way real follow-up stories do.
TOPICS = {
    "banjir_jaktim": "banjir",
    "rob_jakut": "banjir",
    "timnas_vietnam": "sepak bola",
    "persib_persija": "sepak bola",
    "bi_rate": "ekonomi",
    "inflasi_mei": "ekonomi",
}
STORIES = {
    "banjir_jaktim": _story(
        "JAKARTA, iNews.id - Banjir merendam ratusan rumah warga di sejumlah kelurahan di "
        "Jakarta Timur pada Selasa (5/3/2024) pagi setelah hujan deras mengguyur ibu kota sejak"
        " Senin malam. Ketinggian air di beberapa titik dilaporkan mencapai 150 sentimeter, "
        "terutama di permukiman yang berada di bantaran Kali Ciliwung.",
        "Kepala Pelaksana BPBD DKI Jakarta, Isnawa Adji, mengatakan pihaknya telah menerjunkan "
        "petugas ke lokasi sejak dini hari. Menurut dia, luapan Kali Ciliwung dipicu kenaikan "
        "status Bendung Katulampa di Bogor yang sempat berada di level siaga dua pada Senin "
        "sore.",
        '"Kami mencatat ada 23 RT yang tergenang di Kelurahan Kampung Melayu, Bidara Cina, dan '
        "Cawang. Petugas sudah membantu evakuasi warga lanjut usia, anak-anak, dan ibu hamil ke"
        ' tempat yang lebih aman," kata Isnawa saat dihubungi wartawan di Jakarta.',
        "Sebanyak 412 warga terpaksa mengungsi ke posko pengungsian yang didirikan di gedung "
        "sekolah dan masjid terdekat. Pemerintah Kota Jakarta Timur menyiapkan dapur umum serta"
        " layanan kesehatan bagi para pengungsi, yang sebagian besar mengeluhkan gatal-gatal "
        "dan demam.",
        "Salah seorang warga Kampung Melayu, Suryani (45), mengaku air mulai masuk ke rumahnya "
        "sekitar pukul 03.00 WIB. Dia mengatakan tidak sempat menyelamatkan perabotan karena "
        "air naik dengan cepat dalam waktu kurang dari satu jam.",
        '"Biasanya kalau ada kabar dari Katulampa kami sudah siap-siap. Tapi kali ini airnya '
        'datang lebih cepat dari perkiraan, jadi kasur dan lemari terendam semua," ujar Suryani'
        " sambil membersihkan lumpur di teras rumahnya.",
        "Selain permukiman, banjir juga menyebabkan sejumlah ruas jalan tidak dapat dilalui "
        "kendaraan. Polda Metro Jaya melakukan pengalihan arus lalu lintas di Jalan Jatinegara "
        "Barat dan Jalan Otista untuk menghindari kemacetan panjang pada jam berangkat kerja.",
        "Dinas Sumber Daya Air DKI Jakarta mengerahkan 18 unit pompa mobile untuk mempercepat "
        "surutnya genangan. Kepala Dinas SDA, Ika Agustin Ningrum, menyebut pompa stasioner di "
        "Pintu Air Manggarai juga dioperasikan dengan kapasitas penuh sejak Senin malam.",
        "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memperkirakan hujan dengan "
        "intensitas sedang hingga lebat masih akan terjadi di wilayah Jabodetabek hingga akhir "
        "pekan. Masyarakat diimbau mewaspadai potensi banjir, genangan, dan pohon tumbang.",
        "BPBD DKI Jakarta meminta warga yang tinggal di bantaran sungai untuk terus memantau "
        "informasi ketinggian air melalui kanal resmi pemerintah. Warga juga dapat menghubungi "
        "layanan darurat 112 apabila membutuhkan bantuan evakuasi.",
    ),
    "rob_jakut": _story(
        "JAKARTA, iNews.id - Banjir rob kembali merendam kawasan pesisir Jakarta Utara pada "
        "Kamis (14/11/2024) sore. Genangan air laut setinggi 30 hingga 70 sentimeter terlihat "
        "di Kampung Muara Angke, Penjaringan, dan sebagian wilayah Pluit sejak pukul 16.00 WIB.",
        "Kepala Pusat Data dan Informasi BPBD DKI Jakarta, Mohamad Yohan, mengatakan rob "
        "terjadi akibat fenomena pasang maksimum air laut yang bersamaan dengan fase bulan "
        "purnama. Menurut dia, kondisi serupa diperkirakan berulang hingga beberapa hari ke "
        "depan.",
        '"Kami sudah menyiagakan personel di wilayah pesisir. Sampai sore ini belum ada warga '
        "yang mengungsi, tetapi petugas tetap berjaga apabila ketinggian air terus bertambah "
        'pada malam hari," kata Yohan dalam keterangan tertulis di Jakarta.',
        "Warga Muara Angke, Rohman (52), mengatakan rob sudah menjadi langganan di kampungnya "
        "setiap akhir tahun. Dia dan tetangganya terpaksa meninggikan lantai rumah dengan "
        "urukan tanah dan batako agar air laut tidak masuk ke dalam kamar.",
        '"Setiap tahun lantai kami tambah tinggi, sekarang plafonnya sudah hampir kena kepala. '
        "Kalau air pasang, anak-anak tidak bisa main di luar dan nelayan juga susah berangkat "
        'melaut," ujar Rohman sambil menunjukkan bekas genangan di dinding rumahnya.',
        "Rob juga mengganggu aktivitas di Pelabuhan Perikanan Muara Angke. Sejumlah pedagang "
        "ikan memindahkan lapak mereka ke tempat yang lebih tinggi, sementara kendaraan "
        "pengangkut hasil tangkapan harus menerobos genangan di jalan akses menuju pelabuhan.",
        "Dinas Sumber Daya Air DKI Jakarta menyatakan pompa di Waduk Pluit dan sejumlah rumah "
        "pompa di Penjaringan telah dioperasikan untuk membuang air ke laut. Petugas juga "
        "memeriksa tanggul pantai yang dikhawatirkan rembes di beberapa titik.",
        "Pengamat tata kota dari Universitas Trisakti, Yayat Supriatna, menilai rob di Jakarta "
        "Utara tidak lepas dari penurunan muka tanah yang mencapai beberapa sentimeter per "
        "tahun. Dia mendorong pemerintah mempercepat pembangunan tanggul laut dan membatasi "
        "pengambilan air tanah.",
        "BMKG Maritim Tanjung Priok sebelumnya telah mengeluarkan peringatan dini banjir "
        "pesisir untuk periode 12 hingga 18 November 2024. Wilayah yang berpotensi terdampak "
        "antara lain Kamal Muara, Kapuk Muara, Penjaringan, Ancol, Marunda, dan Cilincing.",
        "Masyarakat di kawasan pesisir diimbau menyimpan dokumen penting di tempat yang aman, "
        "mewaspadai kabel listrik yang terendam, serta mengikuti arahan petugas. Laporan "
        "kejadian darurat dapat disampaikan melalui layanan Jakarta Siaga 112.",
    ),
    "timnas_vietnam": _story(
        "HANOI, iNews.id - Timnas Indonesia meraih kemenangan meyakinkan 3-0 atas Vietnam pada "
        "laga keempat Grup F Kualifikasi Piala Dunia 2026 zona Asia di Stadion My Dinh, Hanoi, "
        "Selasa (26/3/2024) malam. Hasil ini membuat skuad Garuda naik ke peringkat kedua "
        "klasemen sementara.",
        "Indonesia langsung tampil menekan sejak menit awal. Pelatih Shin Tae-yong menurunkan "
        "formasi tiga bek dengan Jay Idzes sebagai poros pertahanan, sementara Thom Haye dan "
        "Ivar Jenner dipercaya mengatur tempo permainan di lini tengah.",
        "Gol pembuka tercipta pada menit ke-9 melalui sundulan Jay Idzes yang memanfaatkan "
        "umpan lemparan jauh Pratama Arhan. Bola hasil sundulannya sempat membentur mistar "
        "sebelum memantul masuk ke gawang yang dijaga Quan Van Chuan.",
        "Vietnam mencoba membalas lewat serangan balik cepat yang dimotori Nguyen Tien Linh. "
        "Namun, kiper Ernando Ari tampil sigap dan menggagalkan dua peluang emas tuan rumah "
        "menjelang turun minum sehingga skor 1-0 bertahan hingga babak pertama usai.",
        "Memasuki babak kedua, Indonesia menggandakan keunggulan pada menit ke-55. Ragnar "
        "Oratmangoen melepaskan tembakan mendatar dari luar kotak penalti setelah menerima "
        "umpan terobosan Marselino Ferdinan. Gol ketiga dicetak Ramadhan Sananta pada menit "
        "ke-86 lewat sepakan keras di dalam kotak penalti.",
        '"Saya bangga dengan para pemain. Mereka bermain disiplin dan menjalankan instruksi '
        'dengan baik. Tetapi perjalanan masih panjang dan kami harus tetap rendah hati," kata '
        "Shin Tae-yong dalam konferensi pers seusai pertandingan.",
        "Kemenangan ini menjadi yang pertama bagi Indonesia di kandang Vietnam dalam 20 tahun "
        "terakhir. Ribuan suporter Indonesia yang hadir di stadion merayakan hasil tersebut "
        "dengan menyanyikan lagu Tanah Airku setelah peluit panjang dibunyikan.",
        "Ketua Umum PSSI Erick Thohir menyebut hasil di Hanoi sebagai buah dari kerja keras "
        "seluruh elemen sepak bola nasional. Dia berharap dukungan publik terus mengalir agar "
        "Timnas dapat melangkah ke putaran ketiga kualifikasi untuk pertama kalinya.",
        "Dengan tambahan tiga poin, Indonesia kini mengoleksi tujuh poin dari empat laga, "
        "tertinggal dari Irak yang memimpin klasemen Grup F. Vietnam tertahan di posisi ketiga "
        "dengan tiga poin, sementara Filipina berada di dasar klasemen.",
        "Indonesia selanjutnya akan menjamu Irak pada Juni mendatang sebelum menutup fase grup "
        "dengan laga kandang melawan Filipina. Dua tim teratas dari setiap grup berhak melaju "
        "ke putaran ketiga sekaligus mengamankan tiket ke Piala Asia 2027.",
    ),
    "persib_persija": _story(
        "BANDUNG, iNews.id - Persib Bandung ditahan imbang Persija Jakarta 1-1 dalam lanjutan "
        "pekan ke-15 Liga 1 2024/2025 di Stadion Si Jalak Harupat, Kabupaten Bandung, Minggu "
        "(8/12/2024) sore. Kedua gol dalam laga bertajuk El Clasico Indonesia itu tercipta pada"
        " babak kedua.",
        "Pelatih Persib Bojan Hodak menurunkan skuad terbaiknya dengan mengandalkan David da "
        "Silva sebagai ujung tombak. Di kubu tamu, pelatih Carlos Pena memasang Gustavo Almeida"
        " dan Marko Simic untuk menggempur pertahanan tuan rumah sejak menit pertama.",
        "Babak pertama berjalan dengan tempo tinggi. Persib lebih banyak menguasai bola, tetapi"
        " rapatnya lini belakang Persija yang dikawal Rizky Ridho membuat sejumlah peluang tuan"
        " rumah tidak berbuah gol. Skor kacamata bertahan hingga turun minum.",
        "Kebuntuan akhirnya pecah pada menit ke-62. Tyronne del Pino mengeksekusi tendangan "
        "bebas dari sisi kanan yang disambut sundulan David da Silva tanpa bisa dihalau kiper "
        "Andritany Ardhiyasa. Gol tersebut disambut riuh penonton yang memadati tribune.",
        "Persija tidak tinggal diam. Tim Macan Kemayoran menambah daya gedor dengan memasukkan "
        "Ryo Matsumura dan Witan Sulaeman. Upaya itu membuahkan hasil pada menit ke-78 ketika "
        "Gustavo Almeida menceploskan bola memanfaatkan kemelut di depan gawang Kevin Ray "
        "Mendoza.",
        '"Kami sebenarnya bermain cukup baik dan menciptakan banyak peluang. Sayang kami '
        "kehilangan konsentrasi dalam satu situasi bola mati. Hasil imbang ini harus kami "
        'terima," ujar Bojan Hodak seusai pertandingan.',
        "Sementara itu, Carlos Pena mengapresiasi mental para pemainnya yang mampu bangkit "
        "setelah tertinggal di kandang lawan. Menurut dia, satu poin dari Bandung merupakan "
        "modal penting untuk menjaga persaingan di papan atas klasemen.",
        "Pertandingan ini dijaga ketat oleh ribuan personel gabungan TNI dan Polri. Panitia "
        "pelaksana tidak mengizinkan suporter tim tamu hadir di stadion sesuai kesepakatan "
        "kedua klub dan operator liga demi menjaga keamanan dan ketertiban.",
        "Hasil imbang membuat Persib tetap memimpin klasemen sementara Liga 1 dengan 31 poin "
        "dari 15 laga. Persija tertahan di peringkat keenam dengan koleksi 24 poin, terpaut "
        "tujuh angka dari rival abadinya tersebut.",
        "Pada pekan berikutnya, Persib akan bertandang ke markas Bali United, sedangkan Persija"
        " dijadwalkan menjamu Persis Solo di Stadion Patriot Candrabhaga, Bekasi. Kedua tim "
        "akan kembali bertemu pada putaran kedua musim ini.",
    ),
    "bi_rate": _story(
        "JAKARTA, iNews.id - Bank Indonesia (BI) memutuskan mempertahankan suku bunga acuan "
        "BI-Rate di level 6,00 persen dalam Rapat Dewan Gubernur (RDG) yang digelar pada 20-21 "
        "Mei 2024. Suku bunga Deposit Facility juga tetap 5,25 persen dan Lending Facility "
        "sebesar 6,75 persen.",
        "Gubernur BI Perry Warjiyo mengatakan keputusan tersebut konsisten dengan kebijakan "
        "moneter yang pro-stability, yaitu untuk memperkuat stabilisasi nilai tukar rupiah dari"
        " dampak memburuknya risiko global. Kebijakan ini juga ditujukan untuk memastikan "
        "inflasi tetap terkendali dalam sasaran.",
        '"Keputusan ini sebagai langkah pre-emptive dan forward looking untuk memastikan '
        'inflasi tetap dalam sasaran 2,5 plus minus 1 persen pada 2024 dan 2025," kata Perry '
        "dalam konferensi pers hasil RDG di Jakarta, Rabu (22/5/2024).",
        "Perry menjelaskan, ketidakpastian pasar keuangan global masih tinggi seiring dengan "
        "perkiraan penurunan suku bunga bank sentral Amerika Serikat, The Federal Reserve, yang"
        " lebih lambat dari perkiraan sebelumnya. Kondisi itu membuat dolar AS tetap kuat "
        "terhadap hampir seluruh mata uang dunia.",
        "Nilai tukar rupiah hingga 21 Mei 2024 tercatat melemah 3,42 persen dibandingkan dengan"
        " level akhir Desember 2023. Meski demikian, pelemahan tersebut dinilai lebih baik "
        "dibandingkan dengan depresiasi mata uang sejumlah negara di kawasan, seperti won Korea"
        " dan baht Thailand.",
        "BI juga terus memperkuat operasi moneter pro-market melalui instrumen Sekuritas Rupiah"
        " Bank Indonesia (SRBI) untuk menarik aliran masuk modal asing. Hingga pertengahan Mei,"
        " posisi SRBI mencapai Rp 666,46 triliun dengan kepemilikan nonresiden sekitar 27 "
        "persen.",
        "Dari sisi pertumbuhan, BI memperkirakan ekonomi Indonesia pada 2024 tumbuh dalam "
        "kisaran 4,7 hingga 5,5 persen. Konsumsi rumah tangga diperkirakan tetap kuat didorong "
        "oleh keyakinan konsumen yang terjaga dan perbaikan penghasilan masyarakat.",
        "Ekonom Bank Permata Josua Pardede menilai keputusan BI menahan suku bunga sudah sesuai"
        " perkiraan pasar. Menurut dia, ruang penurunan BI-Rate baru akan terbuka pada akhir "
        "tahun apabila The Fed mulai memangkas suku bunganya dan tekanan terhadap rupiah "
        "mereda.",
        '"Dengan inflasi yang relatif rendah, BI sebenarnya punya ruang untuk melonggarkan '
        "kebijakan. Namun prioritas saat ini jelas stabilitas nilai tukar, sehingga penurunan "
        'bunga kemungkinan baru terjadi pada kuartal IV," ujar Josua.',
        "Rapat Dewan Gubernur BI berikutnya dijadwalkan berlangsung pada 19-20 Juni 2024. "
        "Pelaku pasar akan mencermati data inflasi, neraca perdagangan, dan arah kebijakan The "
        "Fed sebagai pertimbangan utama keputusan suku bunga selanjutnya.",
    ),
    "inflasi_mei": _story(
        "JAKARTA, iNews.id - Badan Pusat Statistik (BPS) mencatat inflasi tahunan Indonesia "
        "pada Mei 2024 sebesar 2,84 persen. Angka tersebut lebih rendah dibandingkan dengan "
        "inflasi April 2024 yang mencapai 3,00 persen secara tahunan.",
        "Plt Kepala BPS Amalia Adininggar Widyasanti mengatakan secara bulanan terjadi deflasi "
        "sebesar 0,03 persen. Deflasi terutama disumbang oleh penurunan harga sejumlah "
        "komoditas pangan setelah masa panen raya padi di berbagai daerah.",
        '"Komoditas yang memberikan andil deflasi terbesar adalah beras, tomat, daging ayam '
        "ras, dan bawang merah. Pasokan yang melimpah membuat harga di tingkat konsumen mulai "
        'turun," kata Amalia dalam konferensi pers di Kantor BPS, Jakarta, Senin (3/6/2024).',
        "Meski demikian, sejumlah komoditas masih mengalami kenaikan harga dan menahan laju "
        "deflasi. Di antaranya emas perhiasan, bawang putih, sigaret kretek mesin, serta tarif "
        "angkutan udara yang naik seiring meningkatnya mobilitas masyarakat pada libur panjang.",
        "Berdasarkan komponennya, inflasi inti pada Mei 2024 tercatat 1,93 persen secara "
        "tahunan. Komponen harga yang diatur pemerintah mengalami inflasi 1,52 persen, "
        "sedangkan komponen harga bergejolak mencatat inflasi 8,14 persen secara tahunan.",
        "Secara wilayah, dari 150 kabupaten dan kota yang dipantau, sebanyak 79 daerah "
        "mengalami deflasi bulanan. Deflasi terdalam terjadi di Kabupaten Manokwari sebesar "
        "1,74 persen, sedangkan inflasi tertinggi tercatat di Kabupaten Bungo mencapai 1,10 "
        "persen.",
        "Pemerintah menyambut baik rilis tersebut. Menteri Koordinator Bidang Perekonomian "
        "Airlangga Hartarto menyebut inflasi yang terkendali menunjukkan sinergi pengendalian "
        "harga antara pemerintah pusat, pemerintah daerah, dan Bank Indonesia berjalan efektif.",
        "Kepala Ekonom Bank Central Asia David Sumual memperkirakan inflasi tahunan akan "
        "bergerak di kisaran 2,5 hingga 3 persen hingga akhir tahun. Dia mengingatkan risiko "
        "kenaikan harga pangan akibat cuaca ekstrem dan pelemahan nilai tukar rupiah terhadap "
        "dolar AS.",
        '"Harga beras memang sudah turun, tetapi pemerintah perlu menjaga cadangan beras karena'
        " musim kemarau diperkirakan lebih panjang. Selain itu, pelemahan rupiah bisa merembet "
        'ke harga barang impor," ujar David.',
        "BPS akan kembali merilis data inflasi Juni 2024 pada awal Juli mendatang. Data "
        "tersebut akan menjadi salah satu acuan bagi Bank Indonesia dan pemerintah dalam "
        "menentukan langkah pengendalian harga pada semester kedua tahun ini.",
    ),
}


def _edited(key: str, old: str, new: str) -> str:
    text = STORIES[key]
    assert text.count(old) == 1, f"edit anchor not unique in {key}: {old!r}"
    return text.replace(old, new)


def _without_paragraph(key: str, index: int) -> str:
    paragraphs = STORIES[key].split("\n\n")
    del paragraphs[index]
    return "\n\n".join(paragraphs)


# Hand-made copies of the kind a portal serves when a story is republished or updated.
EDITED_COPIES = {
    "typo fixed": (
        "banjir_jaktim",
        _edited("banjir_jaktim", "telah menerjunkan petugas", "telah menerjukan petugas"),
    ),
    "number corrected": (
        "banjir_jaktim",
        _edited("banjir_jaktim", "Sebanyak 412 warga", "Sebanyak 450 warga"),
    ),
    "sentence reworded": (
        "bi_rate",
        _edited(
            "bi_rate",
            "Kondisi itu membuat dolar AS tetap kuat terhadap hampir seluruh mata uang dunia.",
            "Kondisi tersebut membuat dolar AS terus menguat terhadap mata uang negara berkembang.",
        ),
    ),
    "sentence added": (
        "timnas_vietnam",
        _edited(
            "timnas_vietnam",
            "setelah peluit panjang dibunyikan.",
            "setelah peluit panjang dibunyikan. Laga tersebut disaksikan sekitar 15.000 penonton.",
        ),
    ),
    "closing paragraph dropped": ("persib_persija", _without_paragraph("persib_persija", -1)),
    "editor's paragraph dropped": ("inflasi_mei", _without_paragraph("inflasi_mei", 6)),
    "update: quote added to lead": (
        "rob_jakut",
        _edited(
            "rob_jakut",
            "sejak pukul 16.00 WIB.",
            "sejak pukul 16.00 WIB. Petugas memperkirakan air baru surut menjelang tengah malam.",
        ),
    ),
}


def test_fingerprint_ignores_whitespace_case_and_punctuation() -> None:
    text = STORIES["bi_rate"]
    reformatted = re.sub(r"\s+", "  ", text.upper()).replace('"', "\u201c").replace(",", " ,")
    assert content_fingerprint(reformatted) == content_fingerprint(text)
    assert content_fingerprint("Banjir\u00a0rendam  JAKARTA!") == content_fingerprint(
        "banjir rendam jakarta"
    )
    assert simhash(reformatted) == simhash(text)


def test_fingerprint_differs_for_different_texts() -> None:
    fingerprints = {content_fingerprint(text) for text in STORIES.values()}
    fingerprints |= {content_fingerprint(copy) for _, copy in EDITED_COPIES.values()}
    assert len(fingerprints) == len(STORIES) + len(EDITED_COPIES)
    # Words stay separate: joining or splitting words is a different text.
    assert content_fingerprint("suku bunga") != content_fingerprint("sukubunga")
    assert re.fullmatch(r"[0-9a-f]{32}", content_fingerprint(STORIES["rob_jakut"]))


@pytest.mark.parametrize("edit", EDITED_COPIES)
def test_edited_copy_is_within_threshold(edit: str) -> None:
    key, copy = EDITED_COPIES[edit]
    distance = hamming(simhash(STORIES[key]), simhash(copy))
    assert 0 < distance <= NEAR_DUPLICATE_DISTANCE


@pytest.mark.parametrize("a, b", list(itertools.combinations(STORIES, 2)))
def test_different_stories_are_beyond_threshold(a: str, b: str) -> None:
    # Same-topic pairs need no stricter bound: the margin is the point, and the smallest
    # distance over all pairs (21 bits) is far above the threshold.
    assert hamming(simhash(STORIES[a]), simhash(STORIES[b])) > NEAR_DUPLICATE_DISTANCE + 8


# Seeded random edits for the recall figures: every story, many positions.
_SENTENCE_END = re.compile(r'(?<=[.!?"])\s+(?=["A-Z])')


def _sentences_of_others(key: str) -> list[str]:
    return [
        sentence
        for other, text in STORIES.items()
        if other != key
        for paragraph in text.split("\n\n")
        for sentence in _SENTENCE_END.split(paragraph)
    ]


def _pick_sentence(text: str, rng: random.Random) -> tuple[list[str], int, list[str], int]:
    paragraphs = text.split("\n\n")
    p = rng.randrange(len(paragraphs))
    sentences = _SENTENCE_END.split(paragraphs[p])
    return paragraphs, p, sentences, rng.randrange(len(sentences))


def _typo(key: str, rng: random.Random) -> str:
    words = STORIES[key].split(" ")
    i = rng.choice([i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5])
    w, j = words[i], rng.randrange(1, len(words[i]) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _words_changed(key: str, rng: random.Random) -> str:
    paragraphs, p, sentences, s = _pick_sentence(STORIES[key], rng)
    words, pool = sentences[s].split(" "), " ".join(_sentences_of_others(key)).split(" ")
    for i in rng.sample(range(len(words)), min(3, len(words))):
        words[i] = rng.choice(pool)
    sentences[s] = " ".join(words)
    paragraphs[p] = " ".join(sentences)
    return "\n\n".join(paragraphs)


def _sentence_added(key: str, rng: random.Random) -> str:
    paragraphs, p, sentences, s = _pick_sentence(STORIES[key], rng)
    sentences.insert(s, rng.choice(_sentences_of_others(key)))
    paragraphs[p] = " ".join(sentences)
    return "\n\n".join(paragraphs)


def _sentence_replaced(key: str, rng: random.Random) -> str:
    paragraphs, p, sentences, s = _pick_sentence(STORIES[key], rng)
    sentences[s] = rng.choice(_sentences_of_others(key))
    paragraphs[p] = " ".join(sentences)
    return "\n\n".join(paragraphs)


RANDOM_EDITS = {
    "typo fixed": _typo,
    "3 words of a sentence changed": _words_changed,
    "sentence added": _sentence_added,
    "sentence replaced": _sentence_replaced,
}
TRIALS_PER_STORY = 100
# Documented floor for the share of copies within the threshold (see the module docstring).
MIN_RECALL = {
    "typo fixed": 0.99,
    "3 words of a sentence changed": 0.95,
    "sentence added": 0.95,
    "sentence replaced": 0.75,
    "paragraph dropped (1 of 10)": 0.70,
}


def edit_distances() -> dict[str, list[int]]:
    """Distance from each story to its edited copies, per edit type (deterministic)."""
    rng = random.Random(20240501)
    base = {key: simhash(text) for key, text in STORIES.items()}
    distances = {
        name: [
            hamming(base[key], simhash(edit(key, rng)))
            for key in STORIES
            for _ in range(TRIALS_PER_STORY)
        ]
        for name, edit in RANDOM_EDITS.items()
    }
    distances["paragraph dropped (1 of 10)"] = [
        hamming(base[key], simhash(_without_paragraph(key, i)))
        for key in STORIES
        for i in range(10)
    ]
    return distances


def test_recall_of_random_edits_matches_documented_figures() -> None:
    for name, distances in edit_distances().items():
        within = sum(d <= NEAR_DUPLICATE_DISTANCE for d in distances) / len(distances)
        assert within >= MIN_RECALL[name], (name, within)


def reference_simhash(text: str) -> int:
    """Textbook SimHash: one ±1 counter per bit, one vote per distinct shingle."""
    words = normalized_words(text)
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    shingles.discard("")
    counters = [0] * 64
    for shingle in shingles:
        h = int.from_bytes(blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            counters[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if counters[bit] > 0)


@given(
    st.lists(
        st.sampled_from("banjir rendam rumah warga di jakarta timur bpbd 2024".split()), max_size=60
    )
)
def test_simhash_equals_textbook_definition(words: list[str]) -> None:
    text = " ".join(words)
    assert simhash(text) == reference_simhash(text)


def test_simhash_equals_textbook_definition_on_stories() -> None:
    for text in STORIES.values():
        assert simhash(text) == reference_simhash(text)


@given(st.text(st.characters(exclude_categories=())))  # surrogates and controls included
def test_simhash_and_fingerprint_accept_any_text(text: str) -> None:
    assert 0 <= simhash(text) < 2**64
    assert len(content_fingerprint(text)) == 32


def test_text_without_words_hashes_to_zero() -> None:
    assert simhash("") == simhash(" ,.-- \n\n ") == 0
    assert simhash("dua kata") != 0  # shorter than a shingle: still hashed


def main() -> None:
    """Print the figures behind NEAR_DUPLICATE_DISTANCE."""
    print(
        f"threshold {NEAR_DUPLICATE_DISTANCE}; words per story:",
        {key: len(normalized_words(text)) for key, text in STORIES.items()},
    )
    for name, distances in edit_distances().items():
        ordered = sorted(distances)
        within = {k: sum(d <= k for d in ordered) / len(ordered) for k in (3, 6, 8, 10, 12)}
        print(
            f"{name:30s} n={len(ordered):3d} mean {statistics.mean(ordered):4.1f} "
            f"p95 {ordered[int(0.95 * len(ordered))]:2d} max {ordered[-1]:2d}  "
            + "  ".join(f"<={k}: {share:6.1%}" for k, share in within.items())
        )
    base = {key: simhash(text) for key, text in STORIES.items()}
    for a, b in itertools.combinations(STORIES, 2):
        same = "same topic" if TOPICS[a] == TOPICS[b] else ""
        print(f"{a:15s} {b:15s} {hamming(base[a], base[b]):2d} {same}")


if __name__ == "__main__":
    main()
