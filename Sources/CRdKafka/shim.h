// librdkafka 2.8.0 from the project prefix (.deps/prefix), including the in-process mock cluster.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
